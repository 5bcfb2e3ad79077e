"""Brand colours: WCAG contrast of the colours text is written in, the nearest readable shade,
a light brand colour kept for decoration with a readable shade derived for text, and the shade
a brand team chooses (`branding.*_text`). (The messages themselves: fixtures/errors/
pale-colour-kept and low-contrast-text.)"""

from __future__ import annotations

import colorsys

import pytest

from generator.core.colour import contrast, nearest_readable_shade, rgb

from .browser import Guard, axe_violations, search, serve
from .conftest import run

LIGHT_ORANGE = 'branding: {accent: "#F2A541"}\n'  # a real brand orange, no option


def hue(colour: str) -> float:
    return colorsys.rgb_to_hls(*(channel / 255 for channel in rgb(colour)))[0]


def test_contrast_follows_wcag():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1)
    assert contrast("#767676", "#ffffff") >= 4.5 > contrast("#777777", "#ffffff")


@pytest.mark.parametrize("colour", ["#F2A541", "#7FB3D5", "#FFFF00", "#777777", "#FFFFFF"])
def test_the_proposed_shade_is_readable_and_the_nearest_of_its_hue(colour):
    shade = nearest_readable_shade(colour)
    assert contrast(shade, "#ffffff") >= 4.5
    lightness = colorsys.rgb_to_hls(*(channel / 255 for channel in rgb(shade)))[1]
    one_step_lighter = "#" + "".join(f"{round(c * 255):02x}" for c in colorsys.hls_to_rgb(
        hue(colour), lightness + 0.01, colorsys.rgb_to_hls(*(c / 255 for c in rgb(colour)))[2]))
    assert contrast(one_step_lighter, "#ffffff") < 4.5
    if colour not in ("#777777", "#FFFFFF"):  # greys have no hue to keep
        assert hue(shade) == pytest.approx(hue(colour), abs=0.01)


def test_text_on_a_brand_colour_is_always_readable():
    # The header writes white or black on the primary colour, whichever contrasts more:
    # that is at least 4.58:1 for any colour, so the primary needs no check as a background.
    from generator.core.colour import readable_on

    greys_and_hues = [f"#{r:02x}{g:02x}{b:02x}" for r in range(0, 256, 17)
                      for g in range(0, 256, 17) for b in range(0, 256, 51)]
    assert min(contrast(readable_on(c), c) for c in greys_and_hues) >= 4.5


def test_a_readable_colour_is_kept_as_it_is():
    assert nearest_readable_shade("#0B4F6C") == "#0B4F6C"


def with_branding(org, branding: str) -> None:
    handbook = org / "handbook.yml"
    handbook.write_text(handbook.read_text().replace("languages: [fr]\n",
                                                     "languages: [fr]\n" + branding))


@pytest.mark.slow
def test_a_light_brand_colour_builds_with_one_warning_naming_the_derived_shade(org, tmp_path):
    with_branding(org, LIGHT_ORANGE)
    result = run("build", "org", "-o", "out")
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if ": warning: " in line]
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith("org/handbook.yml:")
    assert "branding.accent: '#F2A541' is too light for text" in warnings[0]
    assert 'uses the derived shade "#AC660C"' in warnings[0]
    css = (tmp_path / "out" / "assets" / "brand.css").read_text()
    assert "--hb-accent: #f2a541;" in css  # the exact brand colour, for decoration
    assert "--hb-accent-text: #ac660c;" in css
    assert "--md-accent-fg-color: #ac660c;" in css  # Material writes text in it
    assert "--hb-on-accent: #000000;" in css  # black reads better on the light orange


@pytest.mark.slow
def test_a_chosen_text_shade_is_used_without_a_warning(org, tmp_path):
    with_branding(org, 'branding: {primary: "#7FB3D5", primary_text: "#1F5F8B"}\n')
    result = run("build", "org", "-o", "out")
    assert result.exit_code == 0, result.output
    assert ": warning: " not in result.stderr
    css = (tmp_path / "out" / "assets" / "brand.css").read_text()
    assert "--md-primary-fg-color: #7fb3d5;" in css  # the header band keeps the brand
    assert "--md-typeset-a-color: #1f5f8b;" in css


def test_a_light_brand_colour_passes_axe_with_search_highlights(org, tmp_path, chromium):
    # Search highlights are written in the accent's text shade: with the light orange itself,
    # axe finds a contrast violation; with the derived shade, none.
    with_branding(org, LIGHT_ORANGE)
    assert run("build", "org", "-o", "out").exit_code == 0
    with serve(tmp_path / "out") as base:
        context = chromium.new_context()
        Guard(context, base)
        page = context.new_page()
        for path in ("index.html", "charter.html"):
            page.goto(base + path)
            assert search(page, "charte")
            assert axe_violations(page) == [], path
        css = (tmp_path / "out" / "assets" / "brand.css")
        css.write_text(css.read_text().replace("-text: #ac660c", "-text: #f2a541")
                       .replace("-fg-color: #ac660c", "-fg-color: #f2a541"))
        page.goto(base + "charter.html")
        assert search(page, "charte")
        assert any(v.startswith("color-contrast:") for v in axe_violations(page))
        context.close()
