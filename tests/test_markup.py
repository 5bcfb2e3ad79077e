"""Text from the YAML on one line (`markup.inline`): block syntax at its start stays text."""

from __future__ import annotations

import pytest

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
