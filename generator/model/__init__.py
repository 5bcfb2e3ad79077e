"""The typed, frozen input model and every vocabulary (tracks, roles, channels, severities).

Defined once here; every other layer imports its names from here, CLI choices included."""
