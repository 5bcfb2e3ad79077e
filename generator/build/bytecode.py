"""MkDocs' theme templates compiled once, not once per language and entity.

MkDocs gives each build (one per language, and per entity of a group) a new Jinja
environment for the theme, which compiles Material's templates again: about a quarter of
MkDocs' time on a small site. `TemplateCache`, a plugin added to the generated project's
configuration in build/mkdocs.py, gives that environment a bytecode cache, as the pages'
environment has (site/render.py): compiled templates are kept in this process, for the next
language, entity or `handbook serve` rebuild, and in Jinja's per-user folder of the temporary
directory, for the next build.

A compiled template is found again by Jinja from the template's name, file and source; the
key here adds what else the compiled code depends on (Jinja's version and the environment's
syntax, whitespace and extension settings), so that a template is never run as another
environment compiled it. The output is the same bytes with or without the cache.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import version

import jinja2
from jinja2.bccache import Bucket, FileSystemBytecodeCache
from mkdocs.plugins import BasePlugin

# Compiled templates of this process, by key: shared by every environment that uses the cache.
_COMPILED: dict[str, bytes] = {}


class SharedBytecodeCache(FileSystemBytecodeCache):
    """Jinja's bytecode cache on disk, with this process's compiled templates in memory, for
    the templates of environments configured like `env`."""

    def __init__(self, env: jinja2.Environment) -> None:
        super().__init__()
        self._env = env
        self._salt = _compile_settings(env)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        # Autoescaping, when the environment decides it by name, is compiled in.
        autoescape = (self._env.autoescape(name) if callable(self._env.autoescape)
                      else self._env.autoescape)
        key = f"{self._salt}\0{autoescape}\0{super().get_cache_key(name, filename)}"
        return hashlib.sha1(key.encode()).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        compiled = _COMPILED.get(bucket.key)
        if compiled is None:
            super().load_bytecode(bucket)
            if bucket.code is not None:
                _COMPILED[bucket.key] = bucket.bytecode_to_string()
            return
        bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: Bucket) -> None:
        _COMPILED[bucket.key] = bucket.bytecode_to_string()
        super().dump_bytecode(bucket)


class TemplateCache(BasePlugin):
    """Gives MkDocs' theme environment the shared bytecode cache, before any page is
    rendered (MkDocs' `env` event)."""

    def on_env(self, env: jinja2.Environment, /, **_: object) -> jinja2.Environment:
        env.bytecode_cache = SharedBytecodeCache(env)
        return env


def _compile_settings(env: jinja2.Environment) -> str:
    """What Jinja's compiled code depends on besides the template's source."""
    finalize = getattr(env.finalize, "__qualname__", None)
    return repr((_jinja_version(), sorted(env.extensions), env.block_start_string,
                 env.block_end_string, env.variable_start_string, env.variable_end_string,
                 env.comment_start_string, env.comment_end_string, env.line_statement_prefix,
                 env.line_comment_prefix, env.trim_blocks, env.lstrip_blocks,
                 env.newline_sequence, env.keep_trailing_newline, env.optimized,
                 env.is_async, finalize))


@cache
def _jinja_version() -> str:
    return version("jinja2")
