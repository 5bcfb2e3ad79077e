"""The Teams app's two icons, made from the organisation's logo and brand colour.

Teams asks for a 192×192 colour icon and a 32×32 outline icon: white on transparent, the shape
only. The outline is the logo's silhouette (its alpha channel) painted white, so it reads only
when the logo has a transparent background: a photo or a logo on an opaque rectangle gives a
white block, which `outline_problem` reports. Without a logo, the organisation's initial is
drawn instead. SVG logos are rasterised by CairoSVG, which reads no external file.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .colour import rgb

if TYPE_CHECKING:
    from PIL import Image

def _imaging(*names: str) -> Any:
    """Pillow and CairoSVG, imported when an icon is made, not when the tool starts: CairoSVG
    needs the cairo library, which only organisations publishing on Microsoft 365 use."""
    import cairosvg
    from PIL import Image, ImageDraw, ImageFont

    found = {"cairosvg": cairosvg, "Image": Image, "ImageDraw": ImageDraw,
             "ImageFont": ImageFont}
    return tuple(found[name] for name in names) if len(names) > 1 else found[names[0]]


# What Pillow and CairoSVG raise on a file that is no image they can read (XML's ParseError
# is a SyntaxError; Pillow's UnidentifiedImageError an OSError).
UNREADABLE = (OSError, ValueError, SyntaxError)
COLOUR_SIZE = 192
OUTLINE_SIZE = 32
# Shares of its bounding box the logo's shape covers below and above which it is no legible
# outline (see coverage).
LEGIBLE_COVERAGE = (0.05, 0.85)


def load_logo(path: Path, size: int) -> Image.Image:
    """The logo as RGBA, fitted in a `size`×`size` square, centred, on transparency."""
    cairosvg, Image = _imaging("cairosvg", "Image")
    if path.suffix.lower() == ".svg":
        # Not `unsafe`: no XML entity is expanded, no file other than a data: URL is read.
        png = cairosvg.svg2png(bytestring=path.read_bytes(), output_width=size * 4)
        image = Image.open(io.BytesIO(png))
    else:
        image = Image.open(path)
    image = image.convert("RGBA")
    image.thumbnail((size, size), Image.Resampling.LANCZOS)
    square = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    square.paste(image, ((size - image.width) // 2, (size - image.height) // 2))
    return square


def _initial(text: str, size: int, fill: tuple[int, ...]) -> Image.Image:
    """The first letter of `text`, centred, on transparency: the icon of a handbook without
    a logo."""
    Image, ImageDraw, ImageFont = _imaging("Image", "ImageDraw", "ImageFont")
    square = Image.new("RGBA", (size, size), (*fill[:3], 0))  # transparent, in the same colour
    draw = ImageDraw.Draw(square)
    font = ImageFont.load_default(int(size * 0.7))  # Pillow's own font: the same everywhere
    draw.text((size / 2, size / 2), text[:1].upper(), font=font, fill=fill, anchor="mm")
    return square


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)  # no date, no text chunk: same bytes
    return buffer.getvalue()


def colour_icon(logo: Path | None, name: str, primary: str) -> bytes:
    """192×192: the logo on a white disc over the brand colour (or the initial, in white,
    without a logo or with one that cannot be read: `handbook check` warns about it)."""
    Image, ImageDraw = _imaging("Image", "ImageDraw")
    icon = Image.new("RGBA", (COLOUR_SIZE, COLOUR_SIZE), (*rgb(primary), 255))
    try:
        picture = load_logo(logo, int(COLOUR_SIZE * 0.56)) if logo is not None else None
    except UNREADABLE:
        picture = None
    if picture is None:
        icon.alpha_composite(_initial(name, COLOUR_SIZE, (255, 255, 255, 255)))
        return _png(icon)
    margin = COLOUR_SIZE // 12
    ImageDraw.Draw(icon).ellipse((margin, margin, COLOUR_SIZE - margin, COLOUR_SIZE - margin),
                                 fill=(255, 255, 255, 255))
    offset = (COLOUR_SIZE - picture.width) // 2  # within the disc's inscribed square
    icon.alpha_composite(picture, (offset, offset))
    return _png(icon)


def outline(logo: Path | None, name: str) -> Image.Image:
    """32×32: the logo's shape in white on transparency; the initial when there is no logo,
    or when its shape would not be legible (see outline_problem)."""
    if logo is None or outline_problem(logo) is not None:
        return _initial(name, OUTLINE_SIZE, (255, 255, 255, 255))
    return _silhouette(logo)


def _silhouette(logo: Path) -> Image.Image:
    Image = _imaging("Image")
    inner = OUTLINE_SIZE - 4  # Teams crops the edge: keep two pixels clear
    shape = load_logo(logo, inner).getchannel("A")
    icon = Image.new("RGBA", (OUTLINE_SIZE, OUTLINE_SIZE), (255, 255, 255, 0))
    white = Image.new("RGBA", (inner, inner), (255, 255, 255, 255))
    white.putalpha(shape)
    icon.paste(white, (2, 2))
    return icon


def outline_icon(logo: Path | None, name: str) -> bytes:
    return _png(outline(logo, name))


def coverage(icon: Image.Image) -> float:
    """The share of the shape's bounding box that the shape covers (alpha at least half):
    near 1 for a photo or a logo on an opaque rectangle, whatever their proportions."""
    alpha = icon.getchannel("A").point(lambda value: 255 if value >= 128 else 0)
    box = alpha.getbbox()
    if box is None:
        return 0.0
    covered = alpha.crop(box).histogram()[255]
    return covered / ((box[2] - box[0]) * (box[3] - box[1]))


def outline_problem(logo: Path) -> str | None:
    """Why the logo cannot give a legible outline icon, or None when it can."""
    try:
        share = coverage(_silhouette(logo))
    except UNREADABLE as exc:
        return f"the logo cannot be read to make the Teams icons ({type(exc).__name__}: {exc})"
    low, high = LEGIBLE_COVERAGE
    if share > high:
        return (f"Teams' 32×32 outline icon shows only the logo's shape, in white, and this "
                f"logo fills {share:.0%} of its own outline: a photo or a logo on a plain "
                "background gives a white block, so the icon shows the initial instead. For "
                "the logo's shape, use a logo with a transparent background (SVG or PNG)")
    if share < low:
        return (f"Teams' 32×32 outline icon shows only the logo's shape, in white, and this "
                f"logo's shape covers {share:.0%} of its outline: too thin to be seen, so the "
                "icon shows the initial instead. Use a bolder logo with a transparent "
                "background (SVG or PNG)")
    return None
