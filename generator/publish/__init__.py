"""Hosting targets: the Azure Static Web Apps configuration, the Teams app package."""
