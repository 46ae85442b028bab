"""Worksheet HTML and PDFs rendered in this process: branding, hostile text,
template overrides, the answer-key hook, the order and names of inputs."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from generator.check import check_course
from generator.core.model import Edition
from generator.render.text import TextRenderer
from generator.worksheet.paper import A4, LETTER
from generator.worksheet.pdf import PdfJob, html_to_pdf, render_pdf_jobs
from generator.worksheet.render import (
    css_string,
    make_worksheet_environment,
    render_document,
    render_furniture,
    render_sheet_body,
    render_workbook,
)

from .conftest import FIXTURES, make_project

HOSTILE = '<script>alert("x")</script>'
BRAND_ATTACK = 'Northstar"; } @page { size: 10mm; } .x { content: "</style><script>'


def _course(root: Path, brand: str = "") -> Any:
    course = check_course(root).course
    return dataclasses.replace(course, edition=Edition("coach", brand))


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    """The sample course with markup and CSS in a worksheet's texts."""
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    sheet = root / "content" / "worksheets" / "request-draft.yml"
    text = sheet.read_text("utf-8")
    text = text.replace("title: Request draft", f"title: 'Request {HOSTILE}'")
    text = text.replace("label: Before you send it", "label: '</textarea><b>bold</b>'")
    text = text.replace("- Under 100 words.", "- '<img src=x onerror=alert(1)>'")
    sheet.write_text(text, "utf-8")
    return root


def test_hostile_text_is_escaped_in_html(hostile: Path) -> None:
    course = _course(hostile, BRAND_ATTACK)
    env = make_worksheet_environment()
    page = next(w for w in course.worksheets if w.id == "request-draft")
    html = render_document(env, course, page, A4)
    assert "<script>" not in html and "<b>bold</b>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&lt;/textarea&gt;&lt;b&gt;bold&lt;/b&gt;" in html
    # The brand reaches the page header only as an escaped CSS string.
    assert "</style><script>" not in html
    assert css_string(BRAND_ATTACK) in html


def test_hostile_text_prints_as_text_and_cannot_restyle_the_page(hostile: Path) -> None:
    course = _course(hostile, BRAND_ATTACK)
    page = next(w for w in course.worksheets if w.id == "request-draft")
    html = render_document(make_worksheet_environment(), course, page, LETTER)
    pair = render_pdf_jobs([PdfJob("x", html)], workers=1)["x"]
    assert pair.warnings == ()
    for data in (pair.printable, pair.fillable):
        pdf = PdfReader(io.BytesIO(data))
        text = " ".join(p.extract_text() for p in pdf.pages)
        assert HOSTILE in text
        assert "</textarea><b>bold</b>" in text
        # The whole brand is printed in the header (text extraction drops some spaces).
        assert BRAND_ATTACK.replace(" ", "") in text.replace(" ", "")
        box = pdf.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (612, 792)


def test_brand_appears_on_every_page(tmp_path: Path) -> None:
    course = _course(FIXTURES / "sample", "Northstar Career Coaching")
    html = render_workbook(make_worksheet_environment(), course, A4)
    printable = PdfReader(io.BytesIO(html_to_pdf(html)))
    pages = [p.extract_text() for p in printable.pages]
    assert "Northstar Career Coaching" in pages[0]  # the cover
    assert all("Northstar Career Coaching" in text for text in pages[1:])
    assert all(f"of {len(pages)}" in text for text in pages[1:])


def test_hostile_call_to_action_closes_the_workbook_as_text() -> None:
    from generator.core.schema import CallToAction

    course = _course(FIXTURES / "sample", BRAND_ATTACK)
    cta = CallToAction(
        title=f"Next {HOSTILE}",
        body=f"Write to me. {HOSTILE} [a link](javascript:alert(1))",
        email="coach@example.org",
        link_url="https://coach.example/book?a=1&b=2",
        link_label=f"Book {HOSTILE}",
    )
    course = dataclasses.replace(course, next_steps=cta)
    html = render_workbook(make_worksheet_environment(), course, A4)
    assert "<script>" not in html and "javascript:" not in html
    assert 'href="https://coach.example/book?a=1&amp;b=2"' in html
    closing = PdfReader(io.BytesIO(html_to_pdf(html))).pages[-1].extract_text()
    assert f"Next {HOSTILE}" in closing
    assert f"Book {HOSTILE}: https://coach.example/book?" in closing
    assert "a=1&b=2" in closing  # the address, printed whole (it may wrap)
    assert "coach@example.org" in closing


def test_default_edition_shows_the_course_title_only() -> None:
    course = check_course(FIXTURES / "sample").course
    furniture = render_furniture(make_worksheet_environment(), course, A4)
    assert "@top-right" not in furniture
    assert css_string("Informational Interviews") in furniture


def test_answer_key_hook_turns_any_document_into_a_furnished_pdf() -> None:
    course = _course(FIXTURES / "sample", "Northstar")
    env = make_worksheet_environment()
    html = (
        '<!DOCTYPE html><html lang="en"><head><title>Answer key</title></head>'
        "<body><h1>Answer key</h1><p>1. B</p></body></html>"
    )
    pdf = PdfReader(io.BytesIO(html_to_pdf(html, [render_furniture(env, course, LETTER)])))
    text = pdf.pages[0].extract_text()
    assert "Answer key" in text and "Informational Interviews" in text and "Northstar" in text
    assert "Page 1 of 1" in text
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (612, 792)
    assert "/AcroForm" not in pdf.trailer["/Root"]


def test_css_string_escapes_everything_that_could_end_a_string() -> None:
    assert css_string("Plain, text.") == '"Plain, text."'
    escaped = css_string('a"b\\c</style>\n')
    assert escaped == '"a\\000022b\\00005cc\\00003c\\00002fstyle\\00003e\\00000a"'


def test_a_template_can_be_overridden_by_name(tmp_path: Path) -> None:
    override = tmp_path / "templates" / "worksheets" / "field"
    override.mkdir(parents=True)
    (override / "checklist.html.j2").write_text(
        '<div class="coach-checklist">{{ field.spec.label }}</div>', "utf-8"
    )
    course = check_course(FIXTURES / "sample").course
    env = make_worksheet_environment([tmp_path / "templates"])
    page = next(w for w in course.worksheets if w.id == "meeting-plan")
    body = render_sheet_body(env, course, page, TextRenderer(lambda _: None))
    assert '<div class="coach-checklist">Before the call</div>' in body
    assert 'class="ws-field ws-field--long"' in body  # the other fields keep the built-in look


def test_a_date_is_a_date_picker_on_screen_and_a_box_with_its_format_on_paper() -> None:
    course = check_course(FIXTURES / "sample").course
    env = make_worksheet_environment()
    page = next(w for w in course.worksheets if w.id == "meeting-plan")
    body = render_sheet_body(env, course, page, TextRenderer(lambda _: None))
    assert 'class="ws-input ws-input--date" type="date" id="ws-meeting-plan-meeting-date"' in body
    assert "placeholder=" not in body and "ws-format" not in body
    paper = render_document(env, course, page, A4)
    assert 'type="text" id="ws-meeting-plan-meeting-date"' in paper
    assert 'placeholder="YYYY-MM-DD"' in paper and '<span class="ws-format"' in paper


def test_a_date_column_is_a_date_picker_on_screen_and_boxes_with_the_format_on_paper() -> None:
    course = check_course(FIXTURES / "sample").course
    env = make_worksheet_environment()
    page = next(w for w in course.worksheets if w.id == "contact-log")
    body = render_sheet_body(env, course, page, TextRenderer(lambda _: None))
    cell = (
        '<input class="ws-cell ws-cell--date" type="date" id="ws-contact-log-contacts-r2-contacted"'
        ' name="contact-log:contacts:r2:contacted"'
        ' title="Contact log \N{EN DASH} People \N{EN DASH} Row 2 \N{EN DASH} Date contacted'
        ' (YYYY-MM-DD)" aria-label="Row 2 \N{EN DASH} Date contacted">'
    )
    assert cell in body
    assert body.count('type="date"') == 6  # one per row, in the date column only
    assert 'type="text" id="ws-contact-log-contacts-r2-status"' in body
    assert "placeholder=" not in body and "ws-format" not in body
    paper = render_document(env, course, page, A4)
    assert 'type="date"' not in paper
    box = (
        '<input class="ws-cell ws-cell--date" type="text" id="ws-contact-log-contacts-r2-contacted"'
    )
    assert box in paper
    assert paper.count('<span class="ws-format" aria-hidden="true">YYYY-MM-DD</span>') == 6
    status = next(i for i in page.inputs if i.name == "contact-log:contacts:r2:status")
    assert (status.kind, status.title.endswith("Status")) == ("text", True)


def test_input_names_titles_and_order() -> None:
    course = check_course(FIXTURES / "sample").course
    assert [w.id for w in course.worksheets] == ["meeting-plan", "contact-log", "request-draft"]
    assert [w.number for w in course.worksheets] == [1, 2, 3]
    plan = course.worksheets[0]
    assert [m.heading for m in plan.used_in] == [
        "Module 1: What an informational interview is, and is not",
        "Module 2: Secure the meeting",
    ]
    names = [i.name for i in plan.inputs]
    assert names[:3] == ["meeting-plan:person", "meeting-plan:meeting_date", "meeting-plan:goal"]
    assert "meeting-plan:picks:1:pick" in names and "meeting-plan:picks:3:question" in names
    assert "meeting-plan:picks:1:question" not in names  # bank questions are printed, not typed
    assert "meeting-plan:confidence:5" in names and "meeting-plan:before:2" in names
    assert len(names) == len(set(names))
    draft = course.worksheets[2]
    assert [i.name for i in draft.inputs][:2] == [
        "request-draft:request:fill_name",
        "request-draft:request:fill_connection",
    ]
    assert course.modules[1].worksheets == course.worksheets
    assert course.modules[0].worksheets == (plan,)


def test_table_columns_share_the_width() -> None:
    course = check_course(FIXTURES / "sample").course
    table = course.worksheets[1].sections[0].fields[0]
    assert table.column_share == (41.14, 27.43, 27.43)  # widths 3, 2, 2 of 96 %
    assert [row.number for row in table.rows] == [1, 2, 3, 4, 5, 6]


def _widget_pages(pdf: PdfReader) -> dict[str, int]:
    pages = {}
    for number, page in enumerate(pdf.pages, start=1):
        for annot in page.get("/Annots", []):
            obj = annot.get_object()
            if obj.get("/Subtype") == "/Widget":
                pages[str(obj["/T"])] = number
    return pages


def test_questions_keep_their_space_and_table_rows_stay_whole(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    log = root / "content" / "worksheets" / "contact-log.yml"
    log.write_text(log.read_text("utf-8").replace("rows: 6", "rows: 40"), "utf-8")
    plan = root / "content" / "worksheets" / "meeting-plan.yml"
    text = plan.read_text("utf-8").replace(
        "blank: 2\n        lines: 2", "blank: 12\n        lines: 5"
    )
    plan.write_text(text, "utf-8")
    course = check_course(root).course
    env = make_worksheet_environment()
    for page in course.worksheets[:2]:
        html = render_document(env, course, page, LETTER)
        pdf = PdfReader(io.BytesIO(render_pdf_jobs([PdfJob("x", html)], workers=1)["x"].fillable))
        assert len(pdf.pages) >= 3
        where = _widget_pages(pdf)
        if page.id == "meeting-plan":
            slots = page.sections[1].fields[0].slots
            for slot in slots:
                parts = [i for i in (slot.pick, slot.own, slot.notes) if i is not None]
                assert len({where[i.name] for i in parts}) == 1, f"question {slot.number} split"
            assert len({where[s.pick.name] for s in slots}) > 1  # the list did cross a page
        else:
            rows = page.sections[0].fields[0].rows
            for row in rows:
                assert len({where[c.name] for c in row.cells}) == 1, f"row {row.number} split"
            for sheet in pdf.pages[1:]:
                assert "Date contacted" in sheet.extract_text()  # the header row repeats


def test_source_date_epoch_dates_the_pdfs_and_nothing_else_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from generator.outputs import source_date

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert source_date() is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    created = source_date()
    course = check_course(FIXTURES / "sample").course
    env = make_worksheet_environment()
    for when, expected in ((None, None), (created, "D:20231114221320Z")):
        html = render_document(env, course, course.worksheets[0], A4, when)
        pair = render_pdf_jobs([PdfJob("x", html)], workers=1)["x"]
        for data in (pair.printable, pair.fillable):
            metadata = PdfReader(io.BytesIO(data)).metadata or {}
            assert metadata.get("/CreationDate") == expected
            assert metadata.get("/Title") == "Meeting plan \N{EN DASH} Informational Interviews"


def test_weasyprint_complaints_are_reported_once_per_message(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    from generator.worksheet import output, pdf
    from generator.worksheet.pdf import PdfPair, render_pdf_pair

    course = check_course(FIXTURES / "sample").course
    env = make_worksheet_environment()
    monkeypatch.setattr(pdf, "harfbuzz_subset_available", lambda: False)
    html = render_document(env, course, course.worksheets[0], A4)
    assert render_pdf_pair(html).warnings == (pdf.NO_HARFBUZZ_SUBSET,)

    def fake(jobs: list[PdfJob], *_: Any) -> dict[str, PdfPair]:
        return {job.key: PdfPair(b"p", b"f", (pdf.NO_HARFBUZZ_SUBSET,)) for job in jobs}

    monkeypatch.setattr(pdf, "render_pdf_jobs", fake)
    with caplog.at_level("WARNING"):
        files = pdf.render_pdf_files(output.worksheet_pdf_jobs(env, course))
    assert len(files) == 16
    (record,) = caplog.records
    assert record.getMessage().startswith("PDF meeting-plan-a4, contact-log-a4, request-draft-a4,")
    assert record.getMessage().endswith(pdf.NO_HARFBUZZ_SUBSET)
