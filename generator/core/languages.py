"""The languages a handbook is written in: plain constants, so that the command line can
offer them as choices without importing pydantic (core/text.py, model/vocab.py use them)."""

from __future__ import annotations

LANGUAGES = ("fr", "en")
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}
