"""French and English typography (core/typography.py): the rules, and what they leave alone."""

from __future__ import annotations

from decimal import Decimal

import pytest

from generator.core.typography import (
    english,
    format_number,
    french,
    typeset_document,
    typeset_html,
)

N = "\u00a0"  # no-break space
F = "\u202f"  # narrow no-break space


@pytest.mark.parametrize("text, expected", [
    # ; ? ! get a narrow no-break space, replacing a space or added when missing
    ("Oui ; non ? Si !", f"Oui{F}; non{F}? Si{F}!"),
    ("Oui; non? Si!", f"Oui{F}; non{F}? Si{F}!"),
    ("Vraiment ?!", f"Vraiment{F}?!"),
    # : gets a no-break space
    ("Priorité : notoriété", f"Priorité{N}: notoriété"),
    ("Priorité: notoriété", f"Priorité{N}: notoriété"),
    ("Étape 1 : cadrage", f"Étape 1{N}: cadrage"),
    ("À retenir :", f"À retenir{N}:"),
    # guillemets
    ("« Mon premier chantier »", f"«{N}Mon premier chantier{N}»"),
    ("«Vrai ou faux»", f"«{N}Vrai ou faux{N}»"),
    # the first of the month
    ("le 1 octobre 2026", "le 1er octobre 2026"),
    ("le 1 Mai", "le 1er Mai"),
    ("le 11 octobre, le 21 mars, 1,1 mai", "le 11 octobre, le 21 mars, 1,1 mai"),
    ("1 maison", "1 maison"),
    # numbers, units, percents
    ("90 % des salariés, 90% des experts", f"90{N}% des salariés, 90{N}% des experts"),
    ("12 000 personnes et 1 234 567 vues", f"12{F}000 personnes et 1{F}234{F}567 vues"),
    ("90 min, 3 h, 12 kWh, 4 ×", f"90{N}min, 3{N}h, 12{N}kWh, 4{N}×"),
    ("en 2027 100 fois", "en 2027 100 fois"),
    # already right: unchanged (idempotent)
    (f"Oui{F}; «{N}x{N}» 1er mai{N}: 90{N}%", f"Oui{F}; «{N}x{N}» 1er mai{N}: 90{N}%"),
])
def test_french_rules(text, expected):
    assert french(text) == expected
    assert french(expected) == expected


@pytest.mark.parametrize("text", [
    "https://intranet.example.org:8443/advocacy/?page=2&x=y#top",
    "mailto:claire.vautrin@example.org",
    "www.example.org/a?b=c",
    "à 10:30, ou 9:05",
    "un ratio 3:1",
    "C:\\Users",
    "10h30",
    "::",
])
def test_french_leaves_addresses_times_and_ratios_alone(text):
    assert french(text) == text


def test_french_around_an_address():
    assert french("Voir https://x.org/a?b : ici !") == f"Voir https://x.org/a?b{N}: ici{F}!"
    assert french("Écrire à a.b@example.org ?") == f"Écrire à a.b@example.org{F}?"


def test_french_with_the_character_before():
    # A text node that starts where an inline element ended: "<strong>Note</strong>: x"
    assert french(": x", before="e") == f"{N}: x"
    assert french("? x", before="e") == f"{F}? x"
    assert french(": x") == ": x"  # nothing before: nothing to join


def test_english_conventions():
    assert english("90 % and 12 %") == "90% and 12%"
    assert english("« post of the month »") == "\u201cpost of the month\u201d"
    assert english("Note: 10:30; ok? yes!") == "Note: 10:30; ok? yes!"


def test_html_text_nodes_only():
    html = ('<p title="a : b ; c ?" data-x="«x»">Voir <a href="https://x.org/?a=b:c">le site</a>'
            ': <code>a ; b : c ?</code> fin ?</p>'
            '<script>var a = b ? c : d; // « x »</script>'
            '<style>a:hover{color:red !important}</style>'
            '<pre><code class="language-yaml">start : 2027-01-15 ; x ?</code></pre>'
            '<!-- commentaire : ici ? -->'
            '<textarea>a : b</textarea>'
            '<p>Le 1 mai &amp; le 2 mai : 50&nbsp;%</p>')
    assert typeset_html(html, "fr") == (
        '<p title="a : b ; c ?" data-x="«x»">Voir <a href="https://x.org/?a=b:c">le site</a>'
        f'{N}: <code>a ; b : c ?</code> fin{F}?</p>'
        '<script>var a = b ? c : d; // « x »</script>'
        '<style>a:hover{color:red !important}</style>'
        '<pre><code class="language-yaml">start : 2027-01-15 ; x ?</code></pre>'
        '<!-- commentaire : ici ? -->'
        '<textarea>a : b</textarea>'
        f'<p>Le 1er mai &amp; le 2 mai{N}: 50{N}%</p>')


def test_html_keeps_escaping_and_does_not_join_blocks():
    assert typeset_html("<p>a &lt;b&gt; : c</p>", "fr") == f"<p>a &lt;b&gt;{N}: c</p>"
    # A new block is a new sentence: no space is added before its first character.
    assert typeset_html("<li>Note</li><li>: x</li>", "fr") == "<li>Note</li><li>: x</li>"
    # Inside an inline element the sentence goes on.
    assert typeset_html("<p><em>Note</em>: x</p>", "fr") == f"<p><em>Note</em>{N}: x</p>"


def test_svg_chart_text():
    svg = '<svg viewBox="0 0 10 10"><title>Publications : 2027</title><text x="1">12 %</text></svg>'
    assert typeset_html(svg, "fr") == (
        f'<svg viewBox="0 0 10 10"><title>Publications{N}: 2027</title><text x="1">12{N}%</text>'
        '</svg>')


def test_documents_follow_their_own_language():
    french_doc = '<!doctype html><html lang="fr"><body><p>Oui ?</p></body></html>'
    english_doc = '<!doctype html><html lang="en"><body><p>Yes ? 9 %</p></body></html>'
    assert typeset_document(french_doc) == french_doc.replace(" ?", f"{F}?")
    assert typeset_document(english_doc) == english_doc.replace(" %", "%")
    assert typeset_html("<p>Oui ?</p>", "de") == "<p>Oui ?</p>"


@pytest.mark.parametrize("value, fr, en", [
    (1234567, f"1{F}234{F}567", "1,234,567"),
    (1234567.0, f"1{F}234{F}567", "1,234,567"),
    (1e16, f"10{F}000{F}000{F}000{F}000{F}000", "10,000,000,000,000,000"),
    (0.04, "0,04", "0.04"),
    (1e-7, "0,0000001", "0.0000001"),
    (2.5, "2,5", "2.5"),
    (12345.678, f"12{F}345,678", "12,345.678"),
    (Decimal("3.50"), "3,5", "3.5"),
    (0, "0", "0"),
    (-1500, f"-1{F}500", "-1,500"),
])
def test_numbers_never_in_exponent_notation(value, fr, en):
    assert format_number(value, ",", F) == fr
    assert format_number(value, ".", ",") == en


# A document without code takes a shorter path (only the texts with something to change);
# one with code walks every token. Both give the same text.
SAME_EITHER_WAY = [
    "<p>Oui ; <em>non</em>: « x »</p><div>: y</div>",
    "<p>Il faut <a href='#'>agir</a>&nbsp;! Et <strong>vite</strong> ?</p>",
    "<li>Étape 1 : <span>cadrage</span></li><li>: suite</li><!-- note : ici -->?",
    "<p>2 400 personnes et 50 % : <b>1 janvier</b></p><script>a ? b : c</script>!",
    "<h1>Titre</h1>: <br>« <i>cité</i> »<p>x &amp; y ; z</p>",
    "texte seul : oui<p>&laquo;guillemets&raquo;</p>",
]


@pytest.mark.parametrize("html", SAME_EITHER_WAY)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_short_path_gives_what_walking_every_token_gives(html, lang):
    walked = typeset_html(html + "<code></code>", lang).removesuffix("<code></code>")
    assert typeset_html(html, lang) == walked
    if lang == "fr":
        assert typeset_html(html, lang) != html  # something to change in each
