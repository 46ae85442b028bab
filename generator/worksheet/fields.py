"""Form fields that every PDF viewer shows: the finishing touches on a fillable PDF.

WeasyPrint writes AcroForm fields but leaves out what several viewers rely on:
text fields have no appearance stream and a default appearance (``/DA``)
holding a graphics-state operator; tick boxes have no ``/DA`` at all, so
poppler-based viewers (Evince, Okular) cannot draw a ticked box ("Missing 'Tf'
operator in field's DA string"), and no "off" appearance. This module fills
those in, on WeasyPrint's own objects just before the file is written (it runs
as ``write_pdf``'s finisher), so the output stays byte-for-byte reproducible.

Typed text: a viewer lays out what a learner types itself, with a line
spacing of its own (from the font size alone in poppler, from the font's
metrics elsewhere), so no line height set here could keep typed lines on the
printed rules in every viewer. Instead a multi-line field has a white
background (``/MK /BG``): while it is empty its appearance is transparent and
the rules show as on the printed sheet; once a viewer draws typed text, it
draws it on white, inside the ruled area and never across a rule.
"""

from __future__ import annotations

import re
from typing import Any

import pydyf

TICK = "4"
"""The check mark in ZapfDingbats, which viewers draw when they redraw a ticked box."""

TICK_SIZE = 1.0
"""Size of that mark, as a share of the box's side."""

MULTILINE = 1 << 12
"""Field flag: a multi-line text field."""

_FONT = re.compile(rb"(/[^\s/]+)\s+([0-9.]+)\s+Tf")
_COLOUR = re.compile(rb"([0-9.]+\s+[0-9.]+\s+[0-9.]+)\s+rg")
_ZAPF = "ZaDb"
_WHITE = (1,)


def complete_fields(_document: Any, pdf: Any) -> None:
    """Give every field of ``pdf`` (a ``pydyf.PDF``) what viewers need to draw it.

    The signature is WeasyPrint's finisher's: ``write_pdf(finisher=complete_fields)``.
    """
    form = pdf.catalog.get("AcroForm")
    if not form:
        return
    resources = _resolve(pdf, form["DR"])
    fonts = _resolve(pdf, resources.setdefault("Font", pydyf.Dictionary()))
    redraw = False
    for reference in form["Fields"]:
        field = _resolve(pdf, reference)
        kind = field.get("FT")
        if kind == "/Tx" and "Rect" in field:
            _complete_text(pdf, field, form["DR"])
            redraw = redraw or bool(getattr(field.get("V"), "string", ""))
        elif kind == "/Btn" and "Rect" in field and "on" in field.get("AP", {}).get("N", {}):
            _complete_tick_box(pdf, field, form["DR"])
            if _ZAPF not in fonts:
                fonts[_ZAPF] = _zapf_dingbats(pdf)
        else:
            # Radio groups, lists and buttons (which no worksheet template
            # makes) keep what WeasyPrint gave them, and viewers draw them.
            redraw = True
    # Every appearance written here is right for an empty field; a field that
    # already holds text (none does as built) is left for the viewer to draw.
    form["NeedAppearances"] = "true" if redraw else "false"


def _resolve(pdf: Any, value: Any) -> Any:
    """The object ``value`` refers to (``b"12 0 R"``), or ``value`` itself."""
    if isinstance(value, bytes) and value.endswith(b" R"):
        return pdf.objects[int(value.split()[0])]
    return value


def _normalised(rect: list[float]) -> tuple[float, float, float, float]:
    x1, y1, x2, y2 = rect
    return min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)


def _appearance(
    pdf: Any, rect: tuple[float, float, float, float], resources: bytes, content: list[bytes]
) -> Any:
    """An appearance stream the size of ``rect`` drawing ``content``, added to ``pdf``."""
    x1, y1, x2, y2 = rect
    stream = pydyf.Stream(
        content,
        extra={
            "Type": "/XObject",
            "Subtype": "/Form",
            "BBox": pydyf.Array((0, 0, x2 - x1, y2 - y1)),
            "Resources": resources,
        },
    )
    pdf.add_object(stream)
    return stream


def _default_appearance(da: Any) -> tuple[bytes, bytes]:
    """Font operand (name and size) and fill colour of WeasyPrint's ``/DA``."""
    text = da.string if hasattr(da, "string") else da
    data = text.encode("latin-1") if isinstance(text, str) else bytes(text)
    font = _FONT.search(data)
    colour = _COLOUR.search(data)
    return (
        b" ".join(font.groups()) if font else b"/Helv 0",
        colour.group(1) if colour else b"0 0 0",
    )


def _complete_text(pdf: Any, field: Any, resources: bytes) -> None:
    field["Rect"] = pydyf.Array(_normalised(field["Rect"]))
    font, colour = _default_appearance(field.get("DA", b""))
    # Only text state and colour: a graphics-state operator here trips viewers.
    field["DA"] = pydyf.String(font + b" Tf " + colour + b" rg")
    # Empty: the field's own marked content, which a viewer replaces with the text.
    appearance = _appearance(pdf, _normalised(field["Rect"]), resources, [b"/Tx BMC", b"EMC"])
    field["AP"] = pydyf.Dictionary({"N": appearance.reference})
    if int(field.get("Ff", 0)) & MULTILINE:
        field["MK"] = pydyf.Dictionary({"BG": pydyf.Array(_WHITE)})


def _complete_tick_box(pdf: Any, field: Any, resources: bytes) -> None:
    rect = _normalised(field["Rect"])
    field["Rect"] = pydyf.Array(rect)
    width, height = rect[2] - rect[0], rect[3] - rect[1]
    colour = b" ".join(_number(c) for c in field.get("MK", {}).get("BC", (0, 0, 0)))
    # A viewer that redraws the box draws the tick from /DA and /MK /CA.
    size = _number(TICK_SIZE * min(width, height))
    field["DA"] = pydyf.String(f"/{_ZAPF} ".encode("ascii") + size + b" Tf " + colour + b" rg")
    marks = field.get("MK") or pydyf.Dictionary()
    marks["CA"] = pydyf.String(TICK)
    field["MK"] = marks
    states = field["AP"]["N"]
    # WeasyPrint's own tick runs from corner to corner over the border: a
    # lighter stroke inset in the box reads as the same mark a pen makes.
    _resolve(pdf, states["on"]).stream = _tick(width, height, colour)
    states["Off"] = _appearance(pdf, rect, resources, []).reference


def _tick(width: float, height: float, colour: bytes) -> list[bytes]:
    points = ((0.22, 0.52), (0.42, 0.28), (0.80, 0.76))
    path = [
        _number(x * width) + b" " + _number(y * height) + (b" m" if n == 0 else b" l")
        for n, (x, y) in enumerate(points)
    ]
    line = _number(0.13 * min(width, height))
    return [b"q", b"1 J 1 j", line + b" w", colour + b" RG", *path, b"S", b"Q"]


def _number(value: float) -> bytes:
    """A PDF number: at most three decimals, no trailing zeros."""
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode("ascii")


def _zapf_dingbats(pdf: Any) -> bytes:
    """The font viewers draw a redrawn tick in (one of the 14 every viewer has)."""
    font = pydyf.Dictionary({"Type": "/Font", "Subtype": "/Type1", "BaseFont": "/ZapfDingbats"})
    pdf.add_object(font)
    return font.reference  # type: ignore[no-any-return]
