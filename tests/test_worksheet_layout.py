"""The shipped worksheets as printed: page breaks, the order of a message's
parts, and typographic quotes in every printed text."""

from __future__ import annotations

import html
import io
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader

from generator.check import check_course
from generator.core.toolkit_schema import MessageTemplate
from generator.render.text import TextRenderer
from generator.typography import typographic
from generator.worksheet.model import Labels
from generator.worksheet.paper import A4, LETTER, PAPERS, Paper
from generator.worksheet.pdf import PdfJob, render_pdf_jobs
from generator.worksheet.render import (
    interface_strings,
    make_worksheet_environment,
    render_document,
    render_sheet_body,
)
from generator.worksheet.resolve import resolve_field
from generator.worksheet.schema import MessageDraft, WorksheetFile

from .conftest import REPO

PLANNER = "outreach-planner"


@pytest.fixture(scope="module")
def shipped() -> Any:
    return check_course(REPO).course


@pytest.fixture(scope="module")
def northstar() -> Any:
    """A Letter edition in Spanish that lengthens the planner's instructions."""
    return check_course(REPO, "northstar").course


def planner_pdfs(course: Any) -> dict[str, tuple[bytes, bytes]]:
    """The outreach planner, printable and fillable, by paper size."""
    env = make_worksheet_environment()
    page = next(w for w in course.worksheets if w.id == PLANNER)
    jobs = [PdfJob(paper.slug, render_document(env, course, page, paper)) for paper in PAPERS]
    pairs = render_pdf_jobs(jobs, workers=1)
    return {slug: (pair.printable, pair.fillable or b"") for slug, pair in pairs.items()}


@pytest.fixture(scope="module")
def shipped_planner(shipped: Any) -> dict[str, tuple[bytes, bytes]]:
    return planner_pdfs(shipped)


def share_used(pdf: bytes, page: int, tmp_path: Path) -> float:
    """How far down the body of ``page`` (from 1) anything is printed, as a share."""
    source = tmp_path / "in.pdf"
    source.write_bytes(pdf)
    prefix = tmp_path / "page"
    options = ["-r", "40", "-gray", "-png", "-singlefile", "-f", str(page), "-l", str(page)]
    subprocess.run(["pdftoppm", *options, str(source), str(prefix)], check=True)
    image = Image.open(prefix.with_suffix(".png")).convert("L")
    # Between the running header and footer (17 mm and 16 mm margins).
    top, bottom = image.height * 17 // 297, image.height - image.height * 16 // 297
    body = image.crop((0, top, image.width, bottom))
    inked = [
        y for y in range(body.height) if body.crop((0, y, body.width, y + 1)).getextrema()[0] < 200
    ]
    return (inked[-1] + 1) / body.height if inked else 0.0


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.slug)
def test_the_outreach_planner_fills_two_pages(
    shipped_planner: dict[str, tuple[bytes, bytes]], paper: Paper, tmp_path: Path
) -> None:
    printable, fillable = shipped_planner[paper.slug]
    assert len(PdfReader(io.BytesIO(printable)).pages) == 2
    assert len(PdfReader(io.BytesIO(fillable)).pages) == 2
    assert share_used(printable, 2, tmp_path) > 0.6


def test_the_outreach_planner_fills_two_pages_in_a_letter_edition_in_spanish(
    northstar: Any,
) -> None:
    printable, _ = planner_pdfs(northstar)[LETTER.slug]
    assert len(PdfReader(io.BytesIO(printable)).pages) == 2


def test_the_blanks_sit_beside_what_they_mean_on_paper(
    shipped_planner: dict[str, tuple[bytes, bytes]],
) -> None:
    """Each placeholder's box is on the right of its explanation, on the same row."""
    _, fillable = shipped_planner[A4.slug]
    pdf = PdfReader(io.BytesIO(fillable))
    width = float(pdf.pages[0].mediabox.width)
    boxes = [
        annot.get_object()
        for page in pdf.pages
        for annot in page.get("/Annots", [])
        if ":fill_" in str(annot.get_object().get("/T", ""))
    ]
    assert len(boxes) == 10
    for box in boxes:
        left = min(float(box["/Rect"][0]), float(box["/Rect"][2]))
        assert left > width * 0.5, box["/T"]


def test_the_subject_line_comes_before_the_draft(
    shipped: Any, shipped_planner: dict[str, tuple[bytes, bytes]]
) -> None:
    page = next(w for w in shipped.worksheets if w.id == PLANNER)
    names = [i.name for i in page.inputs]
    fill = names.index(f"{PLANNER}:request:fill_connection_short")
    subject = names.index(f"{PLANNER}:request:subject")
    draft = names.index(f"{PLANNER}:request:draft")
    assert fill < subject == draft - 1
    assert f"{PLANNER}:subject" not in names  # no second subject box after the draft
    title = page.inputs[subject].title
    assert (
        title
        == "Outreach planner \N{EN DASH} Start from the template \N{EN DASH} Your subject line"
    )
    for slug in (A4.slug, LETTER.slug):
        printable, _ = shipped_planner[slug]
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(printable)).pages)
        text = re.sub(r"\s+", " ", text)
        assert text.index("Fill in the blanks") < text.index("Your subject line")
        assert text.index("Your subject line") < text.index("Your draft")
        assert "Plain and specific; name the person who referred you" in text
    # The website's page has the same order.
    body = render_sheet_body(
        make_worksheet_environment(), shipped, page, TextRenderer(lambda _: None)
    )
    assert body.index('for="ws-outreach-planner-request-subject"') < body.index(
        'id="ws-outreach-planner-request-draft"'
    )


def test_a_template_without_a_subject_line_asks_for_none(shipped: Any) -> None:
    sheet = next(w for w in shipped.worksheets if w.id == PLANNER).sheet
    field = MessageDraft(type="message", id="note", label="A note", template="note")
    template = MessageTemplate(
        id="note", title="A note", purpose="Any.", body="Hi {name}", placeholders={"name": "Who"}
    )
    labels = Labels.from_strings(interface_strings(shipped))
    view = resolve_field(sheet, field, {}, {"note": template}, labels)
    assert view.subject is None
    assert [i.name for i in view.inputs] == [f"{PLANNER}:note:fill_name", f"{PLANNER}:note:draft"]


def visible_text(markup: str) -> str:
    without_tags = re.sub(r"<[^>]*>", " ", markup)
    return html.unescape(without_tags)


def test_every_printed_text_of_every_worksheet_uses_typographic_quotes(
    shipped: Any, northstar: Any
) -> None:
    env = make_worksheet_environment()
    text = TextRenderer(lambda _: None)
    checked = 0
    for course in (shipped, northstar):
        for page in course.worksheets:
            body = visible_text(render_sheet_body(env, course, page, text))
            for line in body.splitlines():
                assert '"' not in line and "'" not in line, f"{page.id}: {line.strip()}"
            for item in page.inputs:
                assert '"' not in item.title and "'" not in item.title, item.title
            checked += 1
    assert checked > 10
    planner_page = next(w for w in shipped.worksheets if w.id == PLANNER)
    planner = visible_text(render_document(env, shipped, planner_page, A4))
    assert "(\N{LEFT DOUBLE QUOTATION MARK}is there someone else you would suggest?" in planner
    assert (
        "and I\N{RIGHT SINGLE QUOTATION MARK}m exploring" in planner
    )  # the template, via Markdown


LDQ, RDQ, LSQ, RSQ = "\u201c", "\u201d", "\u2018", "\u2019"


@pytest.mark.parametrize(
    ("plain", "typeset"),
    [
        ('a way out ("is there someone else?").', f"a way out ({LDQ}is there someone else?{RDQ})."),
        ('"Thank you for ...; I will look out."', f"{LDQ}Thank you for ...; I will look out.{RDQ}"),
        ("I'm 'fine', you'd say.", f"I{RSQ}m {LSQ}fine{RSQ}, you{RSQ}d say."),
        ("Clients' names", f"Clients{RSQ} names"),
        ("the '90s", f"the {RSQ}90s"),
        ('e.g. "a" or "b".', f"e.g. {LDQ}a{RDQ} or {LDQ}b{RDQ}."),
        ('a\u2014"b"', f"a\u2014{LDQ}b{RDQ}"),
        ("No quotes at all.", "No quotes at all."),
    ],
)
def test_typographic_quotes(plain: str, typeset: str) -> None:
    assert typographic(plain) == typeset


def test_worksheet_files_keep_their_straight_quotes(shipped: Any) -> None:
    """Only what is printed changes: the checked content keeps what its author typed."""
    sheet: WorksheetFile = next(w for w in shipped.worksheets if w.id == PLANNER).sheet
    items = [i for s in sheet.sections for f in s.fields for i in getattr(f, "items", [])]
    assert any('"' in item for item in items)
