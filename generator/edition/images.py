"""The shape of an edition's logo: read from its bytes, before anything is laid out.

The PDFs size the logo from its aspect ratio (a wide word mark and a square
emblem both fit the same header line), so a logo that cannot be read is a
mistake in the edition, reported at its line like an unreadable font.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as etree

_NUMBER = re.compile(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(px|pt|pc|mm|cm|in)?\s*$")
_UNIT = {"": 1.0, "px": 1.0, "pt": 4 / 3, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_SVG = "{http://www.w3.org/2000/svg}svg"


def image_aspect(data: bytes, suffix: str) -> float | None:
    """Width over height of an SVG, PNG, JPEG or WebP image; None when it cannot be read."""
    if suffix.lower() == ".svg":
        return _svg_aspect(data)
    return _raster_aspect(data)


def _raster_aspect(data: bytes) -> float | None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()
    except (Image.DecompressionBombError, UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return width / height if width > 0 and height > 0 else None


def _svg_aspect(data: bytes) -> float | None:
    # expat (2.4.1 and later) refuses entity expansion bombs and never fetches
    # external entities; the file is bounded in size before it is read.
    try:
        root = etree.fromstring(data)
    except etree.ParseError:
        return None
    if root.tag != _SVG:
        return None
    box = root.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        try:
            box_width, box_height = float(box[2]), float(box[3])
        except ValueError:
            box_width = box_height = 0.0
        if box_width > 0 and box_height > 0:
            return box_width / box_height
    width, height = _length(root.get("width")), _length(root.get("height"))
    if width and height:
        return width / height
    # An SVG without a size scales to whatever box it is given: draw it square.
    return 1.0


def _length(text: str | None) -> float | None:
    match = _NUMBER.match(text or "")
    if match is None:
        return None
    value = float(match.group(1)) * _UNIT[match.group(2) or ""]
    return value if value > 0 else None
