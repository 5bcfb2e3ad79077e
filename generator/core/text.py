"""Text fields: a string, or a mapping by language (`{fr: "...", en: "..."}`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import PlainValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

# Plain constants in their own module, for the command line; named here too.
from .languages import LANGUAGE_NAMES, LANGUAGES  # noqa: F401


@dataclass(frozen=True)
class LocalText:
    """Markdown text, either the same in every language or given per language."""

    common: str | None = None
    by_language: tuple[tuple[str, str], ...] = ()

    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang, _ in self.by_language)

    def get(self, lang: str, fallbacks: tuple[str, ...] = LANGUAGES) -> str:
        """The text in `lang`, else in the first fallback language that has it."""
        if self.common is not None:
            return self.common
        texts = dict(self.by_language)
        for candidate in (lang, *fallbacks):
            if candidate in texts:
                return texts[candidate]
        return next(iter(texts.values()))

    def missing(self, languages: tuple[str, ...]) -> tuple[str, ...]:
        if self.common is not None:
            return ()
        return tuple(lang for lang in languages if lang not in dict(self.by_language))


def _parse_text(value: Any) -> LocalText:
    if isinstance(value, LocalText):
        return value
    if isinstance(value, str):
        return LocalText(common=value)
    if isinstance(value, dict):
        if not value:
            raise PydanticCustomError("text_empty", "the text is an empty mapping; write the text, "
                                                    "or {fr: ..., en: ...}")
        for key, text in value.items():
            if key not in LANGUAGES:
                raise PydanticCustomError(
                    "text_language",
                    "'{key}' is not a supported language; a text is a string or a mapping "
                    "{fr: ..., en: ...}",
                    {"key": str(key), "input_value": key},
                )
            if not isinstance(text, str):
                raise PydanticCustomError("text_type_in_language", "the {key} text must be text",
                                          {"key": key, "input_value": text})
        return LocalText(by_language=tuple((k, value[k]) for k in LANGUAGES if k in value))
    raise PydanticCustomError("string_type", "expected text")


Text = Annotated[
    LocalText,
    PlainValidator(_parse_text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string"},
                {
                    "type": "object",
                    "properties": {lang: {"type": "string"} for lang in LANGUAGES},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ],
            "description": "Markdown text, or the same text by language: {fr: ..., en: ...}",
        }
    ),
]
