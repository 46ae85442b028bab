"""CSS colours from an edition: parsing, contrast, and shades for Material."""

from __future__ import annotations

from dataclasses import dataclass

import tinycss2.color4


@dataclass(frozen=True)
class Rgb:
    """An opaque sRGB colour with channels from 0 to 1."""

    r: float
    g: float
    b: float

    @property
    def hex(self) -> str:
        return "#" + "".join(f"{round(c * 255):02x}" for c in (self.r, self.g, self.b))

    def luminance(self) -> float:
        """Relative luminance as WCAG 2 defines it."""

        def channel(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(self.r) + 0.7152 * channel(self.g) + 0.0722 * channel(self.b)

    def mix(self, other: Rgb, amount: float) -> Rgb:
        """This colour moved ``amount`` (0..1) of the way to ``other``."""
        return Rgb(
            self.r + (other.r - self.r) * amount,
            self.g + (other.g - self.g) * amount,
            self.b + (other.b - self.b) * amount,
        )


WHITE = Rgb(1.0, 1.0, 1.0)
BLACK = Rgb(0.0, 0.0, 0.0)
AA_TEXT = 4.5


def parse_color(text: str) -> Rgb | None:
    """An opaque colour from CSS syntax (hex, name, rgb(), hsl(), hwb()), else None."""
    parsed = tinycss2.color4.parse_color(text.strip())
    if parsed is None or isinstance(parsed, str):  # "currentcolor" comes back as text
        return None
    try:
        srgb = parsed.to("srgb")
    except NotImplementedError:
        return None
    if srgb.alpha is not None and srgb.alpha < 1:
        return None
    r, g, b = (min(max(float(c), 0.0), 1.0) for c in srgb.coordinates)
    return Rgb(r, g, b)


def contrast(a: Rgb, b: Rgb) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    high, low = sorted((a.luminance(), b.luminance()), reverse=True)
    return (high + 0.05) / (low + 0.05)


def ink_on_white(color: Rgb) -> Rgb:
    """``color``, darkened just enough for text on white paper to reach WCAG AA."""
    for step in range(21):
        shade = color.mix(BLACK, step / 20)
        if contrast(shade, WHITE) >= AA_TEXT:
            return shade
    return BLACK


def text_on(background: Rgb) -> Rgb:
    """White or black, whichever reads better on ``background``."""
    return WHITE if contrast(WHITE, background) >= contrast(BLACK, background) else BLACK
