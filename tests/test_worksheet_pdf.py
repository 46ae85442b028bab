"""The worksheet PDFs as a learner gets them, inspected with pypdf and poppler.

The sample course is built once per session (``built_sample``); these tests
read its ``pdf/`` folder.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject

from generator.check import check_course
from generator.worksheet.paper import A4, LETTER, PAPERS, pdf_name
from generator.worksheet.pdf import harfbuzz_subset_available

from .conftest import FIXTURES, REPO, make_project, run_cli

SIZES = {"a4": (595, 842), "letter": (612, 792)}
SAMPLE_SHEETS = ("contact-log", "meeting-plan", "request-draft")
MULTILINE = 1 << 12


@pytest.fixture(scope="session")
def pdf_dir(built_sample: Path) -> Path:
    return built_sample / "pdf"


@pytest.fixture(scope="session")
def sample_course() -> Any:
    return check_course(FIXTURES / "sample").course


def reader(path: Path) -> PdfReader:
    return PdfReader(io.BytesIO(path.read_bytes()))


def widgets(pdf: PdfReader) -> Iterator[DictionaryObject]:
    for page in pdf.pages:
        for annot in page.get("/Annots", []):
            obj = annot.get_object()
            if obj.get("/Subtype") == "/Widget":
                yield obj


def text_of(pdf: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in pdf.pages)


def test_harfbuzz_subset_is_available() -> None:
    # Without Debian's libharfbuzz-subset0 WeasyPrint falls back to fontTools:
    # three times slower on a batch, and the PDF bytes change from run to run.
    assert harfbuzz_subset_available(), "install libharfbuzz-subset0 (see scripts/test)"


def test_every_worksheet_in_both_sizes_and_variants(pdf_dir: Path) -> None:
    expected = {
        pdf_name(stem, paper, fillable)
        for stem in (*SAMPLE_SHEETS, "workbook")
        for paper in PAPERS
        for fillable in (False, True)
    }
    printed = {  # printable only
        f"course-{paper.slug}.pdf" for paper in PAPERS
    }
    assert {p.name for p in pdf_dir.iterdir()} == expected | printed


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.slug)
def test_page_sizes(pdf_dir: Path, paper: Any) -> None:
    for path in pdf_dir.glob(f"*-{paper.slug}*.pdf"):
        for page in reader(path).pages:
            box = page.mediabox
            size = tuple(sorted((round(float(box.width)), round(float(box.height)))))
            assert size == SIZES[paper.slug], f"{path.name}: {size}"


def test_landscape_sheets_turn_the_page(pdf_dir: Path) -> None:
    page = reader(pdf_dir / "contact-log-a4.pdf").pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (842, 595)


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.slug)
def test_workbook_holds_cover_contents_and_every_sheet(pdf_dir: Path, paper: Any) -> None:
    singles = sum(len(reader(pdf_dir / pdf_name(s, paper, False)).pages) for s in SAMPLE_SHEETS)
    for fillable in (False, True):
        workbook = reader(pdf_dir / pdf_name("workbook", paper, fillable))
        assert len(workbook.pages) == 2 + singles + 1  # cover, contents, sheets, closing
    for stem in SAMPLE_SHEETS:
        printable = reader(pdf_dir / pdf_name(stem, paper, False))
        fillable_pdf = reader(pdf_dir / pdf_name(stem, paper, True))
        assert len(printable.pages) == len(fillable_pdf.pages) >= 1


def test_text_has_titles_header_and_page_numbers(pdf_dir: Path, sample_course: Any) -> None:
    for page in sample_course.worksheets:
        text = text_of(reader(pdf_dir / pdf_name(page.id, A4, False)))
        assert page.sheet.title in text
        assert "Informational Interviews" in text  # the course title, in the header
        assert "Page 1 of" in text


def test_workbook_contents_list_page_numbers(pdf_dir: Path) -> None:
    pdf = reader(pdf_dir / "workbook-a4.pdf")
    contents = pdf.pages[1].extract_text()
    assert "Contents" in contents
    starts = [_first_page_with(pdf, title) for title in ("Meeting plan", "Contact log")]
    for title, start in zip(("Meeting plan", "Contact log"), starts, strict=True):
        line = next(line for line in contents.splitlines() if title in line)
        assert line.rstrip().endswith(str(start)), line


def _first_page_with(pdf: PdfReader, title: str) -> int:
    for number, page in enumerate(pdf.pages[2:], start=3):
        if title in page.extract_text():
            return number
    raise AssertionError(title)


def test_workbook_outline_lists_every_worksheet(pdf_dir: Path, sample_course: Any) -> None:
    for paper in PAPERS:
        outline = reader(pdf_dir / pdf_name("workbook", paper, False)).outline
        top = [item.title for item in outline if not isinstance(item, list)]
        titles = [w.sheet.title for w in sample_course.worksheets]
        assert top == ["Contents", *titles, sample_course.next_steps.title]


def test_workbook_closes_with_the_call_to_action(pdf_dir: Path, sample_course: Any) -> None:
    cta = sample_course.next_steps
    for paper in PAPERS:
        pdf = reader(pdf_dir / pdf_name("workbook", paper, False))
        last = pdf.pages[-1].extract_text()
        assert cta.title in last
        assert "Pick three people you would like to learn from" in last  # the body
        contents = pdf.pages[1].extract_text()
        line = next(line for line in contents.splitlines() if cta.title in line)
        assert line.rstrip().endswith(str(len(pdf.pages))), line


def test_fonts_are_embedded(pdf_dir: Path) -> None:
    for name in ("meeting-plan-a4.pdf", "workbook-letter-fillable.pdf"):
        fonts = _fonts(reader(pdf_dir / name))
        assert fonts, name
        for font_name, descriptor in fonts.items():
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), (
                f"{name}: {font_name} is not embedded"
            )
        assert any("DejaVu" in f for f in fonts)


def _fonts(pdf: PdfReader) -> dict[str, DictionaryObject]:
    found = {}
    for page in pdf.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            for part in [font, *[d.get_object() for d in font.get("/DescendantFonts", [])]]:
                if "/FontDescriptor" in part:
                    found[str(part["/BaseFont"])] = part["/FontDescriptor"].get_object()
    return found


def test_printable_pdfs_are_tagged_and_have_no_fields(pdf_dir: Path) -> None:
    for path in pdf_dir.glob("*.pdf"):
        if path.stem.endswith("-fillable"):
            continue
        pdf = reader(path)
        root = pdf.trailer["/Root"]
        assert "/AcroForm" not in root, path.name
        assert not list(widgets(pdf)), path.name
        assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"], path.name
        assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data(), path.name


def test_fillable_fields_match_the_model(pdf_dir: Path, sample_course: Any) -> None:
    for page in sample_course.worksheets:
        for paper in PAPERS:
            pdf = reader(pdf_dir / pdf_name(page.id, paper, True))
            fields = {str(w["/T"]): w for w in widgets(pdf)}
            assert set(fields) == {i.name for i in page.inputs}
            for item in page.inputs:
                field = fields[item.name]
                assert str(field["/TU"]) == item.title
                if item.kind == "checkbox":
                    assert field["/FT"] == "/Btn"
                else:
                    assert field["/FT"] == "/Tx"
                    multiline = bool(int(field.get("/Ff", 0)) & MULTILINE)
                    assert multiline == (item.kind == "multiline"), item.name


def test_field_names_are_prefixed_and_readable(pdf_dir: Path) -> None:
    fields = reader(pdf_dir / "contact-log-letter-fillable.pdf").get_fields() or {}
    cell = fields["contact-log:contacts:r3:status"]
    assert cell["/FT"] == "/Tx"
    assert cell["/TU"] == "Contact log \N{EN DASH} People \N{EN DASH} Row 3 \N{EN DASH} Status"
    assert all(name.startswith("contact-log:") for name in fields)
    assert len(fields) == 6 * 3


def _hints(page: Any) -> list[tuple[float, float]]:
    """Where the date format is printed on ``page``: (x, y) of each occurrence."""
    found: list[tuple[float, float]] = []

    def visit(text: str, cm: Any, tm: Any, _font: Any, _size: Any) -> None:
        if text.strip() == "YYYY-MM-DD":  # the text's origin, in page coordinates
            x, y = tm[4], tm[5]
            found.append((x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found


def test_a_date_column_has_the_date_format_under_each_box(pdf_dir: Path) -> None:
    for paper in PAPERS:
        printable = reader(pdf_dir / pdf_name("contact-log", paper, False))
        fillable = reader(pdf_dir / pdf_name("contact-log", paper, True))
        # Printed and fillable alike, every row's date box shows the format.
        assert len(_hints(printable.pages[0])) == 6
        hints = _hints(fillable.pages[0])
        assert sorted(hints) == sorted(_hints(printable.pages[0]))
        cells = {str(w["/T"]): w for w in widgets(fillable)}
        for row in range(1, 7):
            field = cells[f"contact-log:contacts:r{row}:contacted"]
            assert field["/FT"] == "/Tx"
            assert str(field["/TU"]).endswith(f"Row {row} \N{EN DASH} Date contacted (YYYY-MM-DD)")
            x1, y1, x2, _ = (float(v) for v in field["/Rect"])
            # One hint in the box's column, just under the box: the field never covers it.
            under = [(x, y) for x, y in hints if x1 - 1 < x < x2 and y1 - 12 < y < y1]
            assert len(under) == 1, (row, hints, field["/Rect"])
        status = cells["contact-log:contacts:r1:status"]
        assert not str(status["/TU"]).endswith(")")


def test_workbook_fields_do_not_collide(pdf_dir: Path, sample_course: Any) -> None:
    for paper in PAPERS:
        names = [str(w["/T"]) for w in widgets(reader(pdf_dir / pdf_name("workbook", paper, True)))]
        assert len(names) == len(set(names))
        assert set(names) == {i.name for w in sample_course.worksheets for i in w.inputs}


def test_fillable_tracker_can_be_filled_and_saved(tmp_path: Path) -> None:
    from generator.worksheet.pdf import render_pdf_pair
    from generator.worksheet.render import make_worksheet_environment, render_document

    course = check_course(REPO).course
    tracker = next(w for w in course.worksheets if w.id == "pipeline-tracker")
    html = render_document(make_worksheet_environment(), course, tracker, LETTER)
    pdf = PdfReader(io.BytesIO(render_pdf_pair(html).fillable))
    names = set(pdf.get_fields() or {})
    assert {
        "pipeline-tracker:contacts:r3:status",
        "pipeline-tracker:outcomes:r3:i_promised",
    } <= names
    writer = PdfWriter(clone_from=pdf)
    values = {
        "pipeline-tracker:contacts:r3:name": "Ada Example",
        "pipeline-tracker:contacts:r3:status": "met",
        "pipeline-tracker:outcomes:r3:they_promised": "Intro to <Sam> & the team",
    }
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    saved = tmp_path / "tracker.pdf"
    with saved.open("wb") as out:
        writer.write(out)
    again = PdfReader(saved).get_fields() or {}
    assert {name: again[name].get("/V") for name in values} == values
    assert again["pipeline-tracker:contacts:r4:status"].get("/V") in (None, "")


def test_two_builds_give_identical_pdfs(tmp_path: Path, pdf_dir: Path) -> None:
    root = make_project(tmp_path / "again", FIXTURES / "sample" / "content")
    result = run_cli("build", "--quiet", cwd=root)
    assert result.code == 0, result.err
    again = root / "build" / "default" / "pdf"
    for path in sorted(pdf_dir.iterdir()):
        assert (again / path.name).read_bytes() == path.read_bytes(), path.name
    site_copy = root / "build" / "default" / "site" / "pdf"
    assert sorted(p.name for p in site_copy.iterdir()) == sorted(p.name for p in again.iterdir())


PAGES_BY_FIELD_TYPE = {
    "short-text, date, long-text, questions, rating": ("meeting-plan-a4.pdf", 1),
    "checklist": ("meeting-plan-letter.pdf", 2),
    "table": ("contact-log-letter.pdf", 1),
    "message": ("request-draft-a4-fillable.pdf", 1),
    "workbook cover": ("workbook-a4.pdf", 1),
    "workbook contents": ("workbook-letter.pdf", 2),
}


@pytest.mark.parametrize("kind", PAGES_BY_FIELD_TYPE)
def test_pages_render_to_png(kind: str, pdf_dir: Path, tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "install poppler-utils (see scripts/test)"
    name, page = PAGES_BY_FIELD_TYPE[kind]
    prefix = tmp_path / "page"
    subprocess.run(
        [
            pdftoppm,
            "-r",
            "40",
            "-png",
            "-gray",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(pdf_dir / name),
            str(prefix),
        ],
        check=True,
        capture_output=True,
    )
    image = Image.open(prefix.with_suffix(".png")).convert("L")
    assert sorted(image.size) in ([331, 468], [340, 440])  # A4 or Letter at 40 dpi
    # Between the running header and footer: the body must carry drawing too.
    margin = image.height * 6 // 100
    body = image.crop((0, margin, image.width, image.height - margin))
    ink = sum(body.histogram()[:200]) / (body.width * body.height)
    assert 0.002 < ink < 0.5, f"{name} page {page}: {ink:.3%} of the page is ink"


def test_field_types_of_the_sample_cover_every_type(sample_course: Any) -> None:
    from typing import get_args

    from generator.worksheet.schema import WorksheetField

    union = get_args(get_args(WorksheetField)[0])
    every = {model.model_fields["type"].default for model in union}
    used = {f.spec.type for w in sample_course.worksheets for s in w.sections for f in s.fields}
    assert used == every
