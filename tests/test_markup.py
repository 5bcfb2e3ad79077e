"""Text from the YAML on one line (`markup.inline`): block syntax at its start stays text."""

from __future__ import annotations

import json

import pytest

from generator.core.signed import read_signed, write_signed
from generator.site import markup
from generator.site.markup import inline


@pytest.mark.parametrize(("text", "shown"), [
    ("#MétiersDeLaTransition", "&#35;MétiersDeLaTransition"),  # a hashtag, not a heading
    ("> not a quote", "&gt; not a quote"),
    ("- not a list", "&#45; not a list"),
    ("1. not a list", "&#49;&#46; not a list"),
    ("*emphasis* stays", "<em>emphasis</em> stays"),
    ("2027 starts here", "2027 starts here"),
])
def test_block_syntax_opening_a_line_is_kept_as_text(text, shown):
    assert inline(text) == shown


def test_hashtags_keep_their_hash_on_kit_pages(demo_site):
    page = (demo_site / "en" / "kits" / "day-in-my-life.html").read_text(encoding="utf-8")
    assert "#MétiersDeLaTransition #EnergieRenouvelable" in page.replace("&#35;", "#")


# --- conversions kept between builds (markup.conversions_kept) ---------------------------------

HOSTILE = ('<script>alert(1)</script><a href="javascript:x" onclick="y">*a*</a>'
           '<img src=x onerror=alert(2)>')


def _no_conversion(text):
    raise AssertionError(f"converted again: {text!r}")


def test_a_build_starts_from_the_conversions_of_the_last(tmp_path, monkeypatch):
    kept = tmp_path / "conversions.signed"
    texts = ["*one*", "two `code`", "[link](https://example.org)"]
    with markup.conversions_kept(kept):
        first = [inline(text) for text in texts] + [markup.block("- a\n- b")]
    monkeypatch.setattr(markup, "_convert", _no_conversion)
    with markup.conversions_kept(kept):
        again = [inline(text) for text in texts] + [markup.block("- a\n- b")]
    assert again == first
    assert first[0] == "<em>one</em>"


def test_only_the_conversions_a_build_used_are_kept(tmp_path):
    kept = tmp_path / "conversions.signed"
    with markup.conversions_kept(kept):
        inline("*old*")
    with markup.conversions_kept(kept):
        inline("*new*")
    assert read_signed(kept, markup._stamp()) == {"inline\0*new*": "<em>new</em>"}


def test_a_failed_build_keeps_nothing(tmp_path):
    kept = tmp_path / "conversions.signed"
    with pytest.raises(RuntimeError), markup.conversions_kept(kept):
        inline("*a*")
        raise RuntimeError("the build failed")
    assert not kept.exists()


@pytest.mark.parametrize("planted", ["unsigned", "other key", "other code"])
def test_planted_conversions_are_ignored(tmp_path, monkeypatch, planted):
    """A hostile file in the cache folder never reaches a page: it is converted again."""
    kept = tmp_path / "conversions.signed"
    entries = {"inline\0*a*": HOSTILE, "block\0*a*": HOSTILE}
    if planted == "unsigned":
        kept.write_bytes(b"\0" * 32 + json.dumps(entries).encode())
    elif planted == "other key":
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "attacker"))
        write_signed(kept, markup._stamp(), entries)
        monkeypatch.undo()
    else:  # signed by an older version of the code, whose conversions may differ
        write_signed(kept, "markup 0 markdown 0 nh3 0", entries)
    with markup.conversions_kept(kept):
        assert inline("*a*") == "<em>a</em>"
        assert markup.block("*a*") == '<div class="hb-text"><p><em>a</em></p></div>'


def test_outside_a_build_nothing_is_kept(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert inline("*b*") == "<em>b</em>"
    assert list(tmp_path.iterdir()) == []


def test_the_same_conversions_are_not_written_again(tmp_path, monkeypatch):
    kept = tmp_path / "conversions.signed"
    with markup.conversions_kept(kept):
        inline("*same*")
    written = []
    monkeypatch.setattr(markup, "write_signed", lambda *args: written.append(args))
    with markup.conversions_kept(kept):
        inline("*same*")
    assert written == []
