"""Renderers: safe text, links, placeholders, the pipeline diagram, pages."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from generator.core.toolkit_schema import Step
from generator.render.diagram import render_pipeline_svg
from generator.render.text import TextRenderer, heading, mark_placeholders


def resolve(ident: str) -> str | None:
    return {"prepare": "../pipeline.html#prepare"}.get(ident)


TEXT = TextRenderer(resolve)


def test_raw_html_is_shown_as_text() -> None:
    out = TEXT.block('Hello <script>alert("x")</script> <b onclick="x()">bold</b>')
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert "<b" not in out


def test_html_blocks_are_shown_as_text() -> None:
    out = TEXT.block("<div>\n<script>alert(1)</script>\n</div>")
    assert "<script" not in out and "<div" not in out


def test_markdown_still_works() -> None:
    out = TEXT.block("Some **bold** and a list:\n\n- one\n- two\n")
    assert "<strong>bold</strong>" in out
    assert "<li>one</li>" in out


def test_id_links_resolve_relative_to_the_page() -> None:
    assert str(TEXT.inline("[start](@prepare)")) == '<a href="../pipeline.html#prepare">start</a>'


def test_unsafe_link_schemes_are_dropped() -> None:
    out = str(TEXT.inline("[x](javascript:alert(1)) [y](data:text/html,hi) [z](https://e.org)"))
    assert "javascript" not in out and "data:" not in out
    assert '<a href="https://e.org" rel="noopener">z</a>' in out


def test_images_become_their_alt_text() -> None:
    out = str(TEXT.inline("![a tracking pixel](https://e.org/p.gif)"))
    assert "<img" not in out
    assert "a tracking pixel" in out


def test_placeholders_are_marked_and_escaped() -> None:
    assert str(mark_placeholders("Hi {name} <b>")) == (
        'Hi <mark class="cg-ph">{name}</mark> &lt;b&gt;'
    )
    body = str(TEXT.message("Dear {name},\n\nThanks."))
    assert '<mark class="cg-ph">{name}</mark>' in body


def test_heading_text_cannot_become_markdown_or_html() -> None:
    out = str(heading("# Title {: onclick=x} <i>[link](y)</i> *a*"))
    assert out == (r"\# Title \{: onclick=x\} &lt;i&gt;\[link\]\(y\)&lt;/i&gt; \*a\*")


def test_pipeline_svg_has_one_linked_box_per_step() -> None:
    steps = [
        Step(id=f"s{i}", title=f"Step <{i}>", short=f"Short {i}", why="w", actions=["a"])
        for i in range(6)
    ]
    svg = render_pipeline_svg(steps, "The pipeline", "Repeat")
    root = ET.fromstring(svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    links = root.findall("s:a", ns)
    xlink = "{http://www.w3.org/1999/xlink}href"
    assert [a.get(xlink) for a in links] == [f"#s{i}" for i in range(6)]
    assert [a.get("href") for a in links] == [None] * 6  # see the next test
    assert root.get("role") == "group"
    assert root.find("s:title", ns) is not None
    desc = root.find("s:desc", ns)
    assert desc is not None and desc.text is not None
    assert "1. Step <0>" in desc.text and desc.text.endswith("then repeat")
    assert "\n\n" not in svg
