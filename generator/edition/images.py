"""Is a logo or icon file what its name says? Checked on its bytes, not its name.

Raster images are recognised by their signature. An SVG must parse as XML with an
``<svg>`` root and carry nothing that runs: no ``<script>``, no ``on…`` event
attributes, no ``<foreignObject>`` (HTML inside the image), no ``javascript:``
links, and no DTD (entity expansion).
"""

from __future__ import annotations

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
