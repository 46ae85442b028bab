"""The pipeline diagram: an inline SVG drawn from the steps (no Mermaid, no CDN).

The steps run top to bottom, one box each, with an arrow from the last back to
the first, because the pipeline repeats for every new contact. A vertical layout
stays readable at phone width; every box links to its step on the page.

The links use ``xlink:href``: Material's instant navigation rewrites every
``[href]`` of a page it loads, and an SVG link's ``href`` cannot be assigned,
so the page would never be shown.
"""

from __future__ import annotations

from html import escape

from ..core.toolkit_schema import Step

WIDTH = 400
BOX_X = 16
BOX_W = 316
BOX_H = 56
GAP = 26
TOP = 12
LOOP_X = 356
REPEAT_X = LOOP_X + 22
"""Baseline of the loop's label. Turned a quarter left, the letters rise from the
baseline towards the loop line: 22 units keep a 15-unit font clear of it."""


LABEL_FITS = 28
"""Labels up to this many characters fit the box at full size; longer ones shrink."""


def _fit(label: str) -> str:
    if len(label) <= LABEL_FITS:
        return ""
    return f' style="font-size:{18 * LABEL_FITS / len(label):.1f}px"'


def render_pipeline_svg(
    steps: tuple[Step, ...] | list[Step], title: str, repeat_label: str, style: str = ""
) -> str:
    """SVG markup for the pipeline; one line per element, no blank lines.

    The site styles the diagram from its stylesheet; on paper (WeasyPrint
    draws an inline SVG with its own styles only) ``style`` is embedded,
    one CSS rule a line.
    """
    count = len(steps)
    height = TOP * 2 + count * BOX_H + (count - 1) * GAP
    names = "; ".join(f"{i}. {step.title}" for i, step in enumerate(steps, start=1))
    desc = f"{names}; then {repeat_label.lower()}"
    lines = [
        # A group, not an image: the boxes inside it are links (axe: nested-interactive).
        f'<svg class="cg-pipeline__svg" viewBox="0 0 {WIDTH} {height}" role="group" '
        f'aria-labelledby="cg-pipeline-title cg-pipeline-desc" '
        'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">',
        f'<title id="cg-pipeline-title">{escape(title)}</title>',
        f'<desc id="cg-pipeline-desc">{escape(desc)}</desc>',
        *([f"<style>{style.strip()}</style>"] if style.strip() else []),
        "<defs>",
        '<marker id="cg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse">',
        '<path d="M0 0L10 5L0 10z" class="cg-pipeline__head"/>',
        "</marker>",
        "</defs>",
    ]
    centre = BOX_X + BOX_W // 2
    for i, step in enumerate(steps):
        y = TOP + i * (BOX_H + GAP)
        mid = y + BOX_H // 2
        lines += [
            f'<a xlink:href="#{escape(step.id)}" class="cg-pipeline__step">',
            f'<rect x="{BOX_X}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="10"/>',
            f'<circle cx="{BOX_X + 28}" cy="{mid}" r="16" class="cg-pipeline__num"/>',
            f'<text x="{BOX_X + 28}" y="{mid + 6}" text-anchor="middle" '
            f'class="cg-pipeline__numtext">{i + 1}</text>',
            f'<text x="{BOX_X + 56}" y="{mid + 6}" class="cg-pipeline__label"'
            f"{_fit(step.short)}>{escape(step.short)}</text>",
            "</a>",
        ]
        if i < count - 1:
            lines.append(
                f'<line x1="{centre}" y1="{y + BOX_H + 2}" x2="{centre}" '
                f'y2="{y + BOX_H + GAP - 3}" class="cg-pipeline__arrow" '
                'marker-end="url(#cg-arrow)"/>'
            )
    first_mid = TOP + BOX_H // 2
    last_mid = TOP + (count - 1) * (BOX_H + GAP) + BOX_H // 2
    right = BOX_X + BOX_W
    lines += [
        f'<path d="M{right + 2} {last_mid}H{LOOP_X}V{first_mid}H{right + 6}" '
        'class="cg-pipeline__loop" marker-end="url(#cg-arrow)"/>',
        f'<text x="{REPEAT_X}" y="{(first_mid + last_mid) // 2}" '
        f'transform="rotate(-90 {REPEAT_X} {(first_mid + last_mid) // 2})" '
        f'text-anchor="middle" class="cg-pipeline__repeat">{escape(repeat_label)}</text>',
        "</svg>",
    ]
    return "\n".join(lines)
