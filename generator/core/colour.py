"""Colours as #rrggbb strings: mixing, WCAG 2 contrast, and the nearest readable shade.

Used by validation (a brand colour too pale for text is an error that proposes a shade) and by
site/project.py (the brand stylesheet).
"""

from __future__ import annotations

import colorsys

PAGE_BACKGROUND = "#ffffff"  # Material's default scheme; the handbook enables no dark scheme
TEXT_CONTRAST = 4.5  # WCAG 2 AA for body text


def rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def hex_colour(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{round(channel):02x}" for channel in (red, green, blue))


def mix(colour: str, other: str, share: float) -> str:
    return hex_colour(*(a + (b - a) * share for a, b in zip(rgb(colour), rgb(other))))


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of an #rrggbb colour."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(channel) for channel in rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(colour: str, other: str) -> float:
    """WCAG 2 contrast ratio, from 1 (same luminance) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(colour), relative_luminance(other)),
                             reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_on(background: str) -> str:
    """White or black text, whichever contrasts more with the background."""
    return "#ffffff" if contrast("#ffffff", background) >= contrast("#000000", background) \
        else "#000000"


def nearest_readable_shade(colour: str, background: str = PAGE_BACKGROUND,
                           ratio: float = TEXT_CONTRAST) -> str:
    """`colour` itself if text in it is readable on `background`, else the shade of the same
    hue and saturation whose lightness is the nearest that reaches `ratio`."""
    if contrast(colour, background) >= ratio:
        return colour
    hue, lightness, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb(colour)))
    # Away from the background: darker on a light page, lighter on a dark one.
    step = -0.001 if relative_luminance(background) > 0.18 else 0.001
    while 0 <= lightness <= 1:
        lightness += step
        shade = hex_colour(*(c * 255 for c in colorsys.hls_to_rgb(
            hue, min(max(lightness, 0.0), 1.0), saturation)))
        if contrast(shade, background) >= ratio:
            return shade
    return readable_on(background)
