"""An edition's logo and icon files, read from their bytes, not their names.

``image_problem``: is the file what its name says? Raster images are recognised by
their signature. An SVG must parse as XML with an ``<svg>`` root and carry nothing
that runs: no ``<script>``, no ``on…`` event attributes, no ``<foreignObject>``
(HTML inside the image), no ``javascript:`` links, and no DTD (entity expansion).

``image_aspect``: the logo's shape. The PDFs size the logo from its aspect ratio
(a wide word mark and a square emblem both fit the same header line), so a logo
that cannot be read is a mistake in the edition, reported at its line like an
unreadable font.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

_SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".ico": (b"\x00\x00\x01\x00",),
}
_KIND = {".png": "a PNG", ".jpg": "a JPEG", ".jpeg": "a JPEG", ".gif": "a GIF", ".ico": "an ICO"}
_SVG_NS = "{http://www.w3.org/2000/svg}"
_FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object"}
_SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.I)


def image_problem(data: bytes, suffix: str) -> str:
    """Why ``data`` is not a usable image of type ``suffix``, or an empty string."""
    if not data:
        return "is empty"
    if suffix == ".svg":
        return _svg_problem(data)
    if suffix == ".webp":
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            return ""
        return "is not a WebP image"
    if data.startswith(_SIGNATURES[suffix]):
        return ""
    return f"is not {_KIND[suffix]} image"


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def _svg_problem(data: bytes) -> str:
    head = data[:4096].lower()
    if b"<!doctype" in head or b"<!entity" in data.lower():
        return "is an SVG with a DTD or entities, which this tool does not accept"
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        return f"is not an SVG image (not well-formed XML: {exc})"
    if root.tag not in (f"{_SVG_NS}svg", "svg"):
        return "is not an SVG image (its outermost element is not <svg>)"
    for element in root.iter():
        name = _local(element.tag)
        if name in _FORBIDDEN_ELEMENTS:
            return f"is an SVG with a <{name}> element; images may not carry scripts or HTML"
        for attribute, value in element.attrib.items():
            attr = _local(attribute)
            if attr.startswith("on"):
                return f"is an SVG with an '{attr}' event handler; images may not carry scripts"
            if attr == "href" and _SCRIPT_URL.match(value):
                return "is an SVG with a script link; images may not carry scripts"
    return ""


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
        root = ET.fromstring(data)
    except ET.ParseError:
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
