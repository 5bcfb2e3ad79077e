"""MkDocs' theme templates compiled once (build/bytecode.py): reused by an environment
configured alike, never by one that compiles differently."""

from __future__ import annotations

import jinja2

from generator.build.bytecode import SharedBytecodeCache, TemplateCache


def _environment(folder, **options) -> tuple[jinja2.Environment, list[str]]:
    compiled: list[str] = []

    class Counting(jinja2.Environment):
        def _compile(self, source, filename):
            compiled.append(filename)
            return super()._compile(source, filename)

    env = Counting(loader=jinja2.FileSystemLoader(folder), **options)
    return TemplateCache().on_env(env, config=None, files=None), compiled


def test_a_template_is_compiled_once_for_environments_configured_alike(tmp_path):
    (tmp_path / "page.html").write_text("{% if x %}\n  <b>{{ x }}</b>\n{% endif %}\n",
                                        encoding="utf-8")
    first, compiled_first = _environment(tmp_path)
    second, compiled_second = _environment(tmp_path)
    assert isinstance(second.bytecode_cache, SharedBytecodeCache)
    assert first.get_template("page.html").render(x=1) == "\n  <b>1</b>\n"
    assert second.get_template("page.html").render(x=1) == "\n  <b>1</b>\n"
    assert len(compiled_first) == 1 and compiled_second == []

    # trim_blocks changes the compiled code: that environment compiles its own.
    trimmed, compiled_trimmed = _environment(tmp_path, trim_blocks=True)
    assert trimmed.get_template("page.html").render(x=1) == "  <b>1</b>\n"
    assert len(compiled_trimmed) == 1


def test_a_changed_template_is_compiled_again(tmp_path):
    page = tmp_path / "page.html"
    page.write_text("one {{ x }}", encoding="utf-8")
    first, _ = _environment(tmp_path)
    assert first.get_template("page.html").render(x=1) == "one 1"
    page.write_text("two {{ x }}", encoding="utf-8")
    second, compiled = _environment(tmp_path)
    assert second.get_template("page.html").render(x=1) == "two 1"
    assert len(compiled) == 1
