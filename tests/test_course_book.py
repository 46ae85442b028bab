"""The course book: the whole course in one PDF per paper size, inspected with
pypdf and rendered with poppler.

The sample course is built once per session (``built_sample``), the shipped
course with its sample editions too (``all_built``).
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fontTools.ttLib import TTFont
from PIL import Image
from pypdf import PdfReader
from pypdf.generic import Destination

from generator.book.render import book_pdf_jobs
from generator.check import check_course
from generator.core.errors import ContentError
from generator.core.model import Edition
from generator.render.site import make_environment
from generator.worksheet.paper import PAPERS
from generator.worksheet.pdf import render_pdf_files
from generator.worksheet.render import make_worksheet_environment

from .conftest import FIXTURES, REPO, make_project

SIZES = {"a4": (595, 842), "letter": (612, 792)}
HOSTILE = "</style><script>alert(1)</script>"
NORTHSTAR_BLUE = (0x0B, 0x53, 0x94)


@pytest.fixture(scope="module")
def sample_course() -> Any:
    return check_course(FIXTURES / "sample").course


@pytest.fixture(scope="module")
def northstar_course() -> Any:
    return check_course(REPO, "northstar").course


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def book(build: Path, paper: str) -> PdfReader:
    return reader((build / "pdf" / f"course-{paper}.pdf").read_bytes())


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces folded, as a reader sees it."""
    return " ".join(text.split())


def pages_text(pdf: PdfReader) -> list[str]:
    return [flat(page.extract_text()) for page in pdf.pages]


def outline(pdf: PdfReader) -> list[tuple[int, str, int]]:
    """Every bookmark as (level, title, page number from 1), in order."""

    def walk(items: list[Any], level: int) -> Iterator[tuple[int, str, int]]:
        for item in items:
            if isinstance(item, list):
                yield from walk(item, level + 1)
            else:
                assert isinstance(item, Destination)
                yield level, str(item.title), pdf.get_destination_page_number(item) + 1

    return list(walk(pdf.outline, 1))


def top_level(pdf: PdfReader) -> list[str]:
    return [title for level, title, _ in outline(pdf) if level == 1]


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.slug)
def test_book_in_both_paper_sizes_tagged_without_fields(built_sample: Path, paper: Any) -> None:
    pdf = book(built_sample, paper.slug)
    for page in pdf.pages:
        box = page.mediabox
        size = tuple(sorted((round(float(box.width)), round(float(box.height)))))
        assert size == SIZES[paper.slug]
    root = pdf.trailer["/Root"]
    assert "/AcroForm" not in root
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert root["/Lang"] == "en"
    assert (pdf.metadata or {}).get("/Title") == "Informational Interviews \N{EN DASH} Course book"
    assert not (built_sample / "pdf" / f"course-{paper.slug}-fillable.pdf").exists()


def test_every_module_and_part_is_a_bookmark_in_reading_order(
    built_sample: Path, sample_course: Any
) -> None:
    pdf = book(built_sample, "a4")
    assert top_level(pdf) == [
        "Contents",
        "Introduction",
        *(entry.heading for entry in sample_course.modules),
        "The pipeline",
        "Question bank",
        "Message templates",
        "Worksheets",
        "Next steps",
    ]
    marks = outline(pdf)
    # Under each module: its sections, its example pairs, its quiz.
    assert (2, "People hire people", 4) in marks
    assert (3, "The opening minute", 4) in marks
    assert any(mark[:2] == (2, "Self-check: securing the meeting") for mark in marks)
    # The worksheets come last, each under "Worksheets", before the closing page.
    sheets = [title for level, title, _ in marks if level == 2][-3:]
    assert sheets == [page.sheet.title for page in sample_course.worksheets]
    worksheets_page = next(page for level, title, page in marks if title == "Worksheets")
    messages_page = next(page for level, title, page in marks if title == "Message templates")
    assert worksheets_page > messages_page


def test_contents_lists_the_page_where_each_part_starts(built_sample: Path) -> None:
    pdf = book(built_sample, "letter")
    contents = pdf.pages[1].extract_text()
    assert "Contents" in contents
    starts = {title: page for level, title, page in outline(pdf) if level <= 2}
    for title in ("Module 2: Secure the meeting", "The pipeline", "Contact log", "Next steps"):
        line = next(line for line in contents.splitlines() if title in line)
        assert line.rstrip().endswith(str(starts[title])), line


def layout_lines(page: Any) -> list[str]:
    """The lines of a page from top to bottom, as laid out."""
    text = page.extract_text(extraction_mode="layout")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_cover_then_running_header_and_page_numbers(built_sample: Path) -> None:
    pdf = book(built_sample, "a4")
    cover = flat(pdf.pages[0].extract_text())
    assert "COURSE BOOK" in cover
    assert "Informational Interviews" in cover
    assert "Meet the people behind the jobs" in cover
    assert "2 modules · 3 worksheets" in cover
    assert "Page 1 of" not in cover  # the cover carries no furniture
    total = len(pdf.pages)
    footers = []
    for number, page in enumerate(pdf.pages[1:], start=2):
        lines = layout_lines(page)
        assert lines[0] == "Informational Interviews", number  # the running header
        assert lines[-1].endswith(f"Page {number} of {total}"), lines[-1]
        footers.append(lines[-1])
    # The footer names the part the page belongs to.
    assert "Module 1: What an informational interview is, and is not Page 4 of 17" in footers
    assert "Contact log Page 15 of 17" in footers


def test_the_whole_course_is_in_the_book(built_sample: Path, sample_course: Any) -> None:
    text = " ".join(pages_text(book(built_sample, "a4")))
    assert flat(sample_course.info.introduction) in text
    for outcome in sample_course.info.outcomes:
        assert outcome in text
    for entry in sample_course.modules:
        for section in entry.module.sections:
            assert section.title in text
        for point in entry.module.key_points:
            assert point in text
    for step in sample_course.pipeline.steps:
        assert step.title in text
    for category in sample_course.questions.categories:
        for question in category.questions:
            assert flat(question.text) in text
    for template in sample_course.messages.templates:
        assert template.title in text
    for page in sample_course.worksheets:
        assert page.sheet.title in text
    assert flat(sample_course.next_steps.body.split("[")[0]) in text


def test_a_pair_prints_side_by_side_with_its_one_subtext(built_sample: Path) -> None:
    pdf = book(built_sample, "a4")
    texts = pages_text(pdf)
    number = next(i for i, text in enumerate(texts) if "The opening minute Scenario" in text)
    page = texts[number]
    pair = page[page.index("The opening minute Scenario") : page.index("Lesson")]
    assert pair.count("I am looking for a job.") == 1
    assert "Subtext, the same in both versions: I am looking for a job." in pair
    # Side by side: the two versions' scripts and analyses share their lines.
    lines = layout_lines(pdf.pages[number])
    assert (
        "“Thanks for seeing me. Let me walk you “Thanks for making time. I keep hearing good"
        in (lines)
    )
    assert "TONE TONE" in lines
    assert "Desperate Curious and interested" in lines


def test_quizzes_print_without_answers(built_sample: Path) -> None:
    text = " ".join(pages_text(book(built_sample, "letter")))
    # The question and its options are there…
    assert "How much time should a first request ask for?" in text
    assert "Ten minutes" in text and "An hour over lunch" in text
    assert "Put the steps of the pipeline in order." in text
    # …but no right answer, feedback or explanation (the answer key has them).
    assert "Right answer" not in text
    assert "A large ask for someone who does not know you." not in text
    assert "Ten minutes on their calendar is a small, specific ask." not in text
    assert "Check my answers" not in text
    assert "Answer and explanation" not in text


def test_links_stay_inside_the_book(built_sample: Path) -> None:
    pdf = book(built_sample, "a4")
    internal = set()
    for page in pdf.pages:
        for annot in page.get("/Annots", []) or []:
            link = annot.get_object()
            action = link.get("/A")
            if action is not None:
                assert str(action["/URI"]).startswith(("http", "mailto:")), action["/URI"]
            else:
                internal.add(str(link["/Dest"]))
    # The module's tools, a worksheet's question picked from the bank and the
    # closing page's link to the first step all land in the book.
    assert {"meeting-plan", "outreach-request", "secure", "opening", "prepare"} <= internal


def test_home_page_links_both_books(built_sample: Path) -> None:
    site = built_sample / "site"
    html = (site / "index.html").read_text("utf-8")
    links = re.findall(
        r'<a href="(pdf/course-[a-z0-9]+\.pdf)" download>([^<]*)</a> \((\d+) KB\)', html
    )
    assert [(href, label) for href, label, _ in links] == [
        ("pdf/course-a4.pdf", "The whole course as a book, A4"),
        ("pdf/course-letter.pdf", "The whole course as a book, US Letter"),
    ]
    for href, _, kilobytes in links:
        assert (site / href).read_bytes() == (built_sample / href).read_bytes()
        assert int(kilobytes) == max(1, round((site / href).stat().st_size / 1024))


def test_the_book_builds_the_same_bytes_again(built_sample: Path, sample_course: Any) -> None:
    jobs = book_pdf_jobs(make_worksheet_environment(), make_environment(), sample_course)
    assert [job.key for job in jobs] == ["course-a4", "course-letter"]
    again = book_pdf_jobs(make_worksheet_environment(), make_environment(), sample_course)
    assert [job.html for job in jobs] == [job.html for job in again]
    files = render_pdf_files(jobs, workers=1)
    # A second build, in this process, gives the bytes of the build made by the CLI.
    for name in ("course-a4.pdf", "course-letter.pdf"):
        assert files[name] == (built_sample / "pdf" / name).read_bytes(), name


def test_hostile_text_prints_as_text(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    module = root / "content" / "modules" / "what-it-is.yml"
    text = module.read_text("utf-8")
    module.write_text(text.replace("subtext: I am looking for a job.", f"subtext: '{HOSTILE}'"))
    course = check_course(root).course
    brand = 'Coach"; } @page { size: 10mm; } .x { content: "'
    course = dataclasses.replace(course, edition=Edition("coach", brand))
    [job, _] = book_pdf_jobs(make_worksheet_environment(), make_environment(), course)
    assert "<script>alert" not in job.html
    pdf = reader(render_pdf_files([job], workers=1)["course-a4.pdf"])
    text = "\n".join(page.extract_text() for page in pdf.pages)
    assert text.count(HOSTILE) >= 1
    assert brand.replace(" ", "") in pdf.pages[0].extract_text().replace(" ", "")  # the cover
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == SIZES["a4"]


def test_a_worksheet_cannot_take_the_books_file_name(sample: Path) -> None:
    sheet = sample / "content" / "worksheets" / "contact-log.yml"
    sheet.rename(sheet.with_name("course.yml"))
    course_sheet = sample / "content" / "worksheets" / "course.yml"
    course_sheet.write_text(
        course_sheet.read_text("utf-8").replace("id: contact-log", "id: course")
    )
    with pytest.raises(ContentError) as caught:
        check_course(sample)
    rendered = [problem.render() for problem in caught.value.problems]
    assert any(
        "error: the id 'course' is reserved for the workbook, the answer key, the course book"
        in line
        for line in rendered
    ), rendered


# The shipped course and the Northstar edition (built by ``all_built``).


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.slug)
def test_northstar_book_has_every_module_of_the_edition(
    all_built: Path, northstar_course: Any, paper: Any
) -> None:
    pdf = book(all_built / "northstar", paper.slug)
    titles = top_level(pdf)
    headings = [entry.heading for entry in northstar_course.modules]
    assert [title for title in titles if title.startswith("Módulo")] == headings
    assert "Módulo 11: Practice lab with your coach" in titles  # added by the edition
    assert "Adapt to your career stage" not in " ".join(titles)  # left out by it
    assert titles[1] == "Introducción" and titles[-2:] == [
        "Fichas de trabajo",
        "Practise with a Northstar coach",
    ]
    sheets = [t for level, t, _ in outline(pdf) if level == 2][-len(northstar_course.worksheets) :]
    assert sheets == [page.sheet.title for page in northstar_course.worksheets]
    assert "Self-introduction builder" not in sheets  # hidden by the edition
    for page in pdf.pages:
        box = page.mediabox
        size = tuple(sorted((round(float(box.width)), round(float(box.height)))))
        assert size == SIZES[paper.slug]
    root = pdf.trailer["/Root"]
    assert root["/Lang"] == "en" and "/StructTreeRoot" in root
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_northstar_cover_carries_the_brand(all_built: Path) -> None:
    pdf = book(all_built / "northstar", "letter")
    cover = pdf.pages[0]
    text = flat(cover.extract_text())
    assert "Northstar Career Coaching" in text
    assert "LIBRO DEL CURSO" in text
    assert "Informational Interviews with Northstar" in text
    assert "11 módulos · 12 fichas" in text
    stream = cover.get_contents()
    assert stream is not None
    colours = {
        tuple(round(float(v) * 255) for v in match)
        for match in re.findall(rb"([\d.]+) ([\d.]+) ([\d.]+) rg", stream.get_data())
    }
    assert NORTHSTAR_BLUE in colours
    # The edition's font, for headings: Caladea is not installed, it can only come from there.
    families = set()
    for font in cover["/Resources"]["/Font"].values():
        for part in font.get_object().get("/DescendantFonts", []):
            program = part.get_object()["/FontDescriptor"].get_object().get("/FontFile2")
            if program is not None:
                name = TTFont(io.BytesIO(program.get_object().get_data()))["name"]
                families.add(str(name.getDebugName(1)))
    assert "Caladea" in families, families
    default_cover = book(all_built / "default", "letter").pages[0]
    # No logo in the default edition: no image drawn on its cover.
    drawn = default_cover["/Resources"].get("/XObject") or {}
    assert not [x for x in drawn.values() if x.get_object().get("/Subtype") == "/Image"]
    assert "Northstar" not in default_cover.extract_text()


def test_northstar_pair_has_its_subtext_once(all_built: Path) -> None:
    text = " ".join(pages_text(book(all_built / "northstar", "a4")))
    # The apostrophe of "I'm" prints as a typographic one.
    assert text.count("a company six months into a merger may need one.") == 1
    assert "A question at an industry dinner" in text
    # Links to the web pages of the site do not exist on paper.
    assert ".html" not in text


@pytest.mark.parametrize(
    ("edition", "page_of", "kind"),
    [
        ("northstar", None, "cover"),
        ("default", "Module 1: What an informational interview is", "pair"),
        ("default", "Pipeline tracker", "worksheet"),
    ],
)
def test_book_pages_render_to_png(
    all_built: Path, tmp_path: Path, edition: str, page_of: str | None, kind: str
) -> None:
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm, "install poppler-utils (see scripts/test)"
    path = all_built / edition / "pdf" / "course-a4.pdf"
    pdf = reader(path.read_bytes())
    number = 1
    if page_of is not None:
        number = next(page for _, title, page in outline(pdf) if title.startswith(page_of))
    image = _render_page(pdftoppm, path, number, tmp_path)
    assert sorted(image.size) == [331, 468]  # A4 at 40 dpi, either way up
    grey = image.convert("L")
    ink = sum(grey.histogram()[:200]) / (grey.width * grey.height)
    assert 0.005 < ink < 0.5, f"{kind}: {ink:.3%} of the page is ink"
    if kind == "cover":
        # The logo, above the brand name, is drawn in the brand colour; the
        # default edition's cover has nothing there.
        logo_area = (0, 0, image.width // 3, image.height * 33 // 100)
        assert _pixels_near(image.crop(logo_area), NORTHSTAR_BLUE) > 40
        default = _render_page(
            pdftoppm, all_built / "default" / "pdf" / "course-a4.pdf", 1, tmp_path
        )
        assert _pixels_near(default.crop(logo_area), NORTHSTAR_BLUE) == 0
        # The rule under the title is in the brand colour too.
        assert _pixels_near(image, NORTHSTAR_BLUE) > _pixels_near(
            image.crop(logo_area), NORTHSTAR_BLUE
        )


def _render_page(pdftoppm: str, path: Path, number: int, folder: Path) -> Image.Image:
    prefix = folder / f"{path.parent.parent.name}-{number}"
    pages = ("-f", f"{number}", "-l", f"{number}")
    subprocess.run(
        [pdftoppm, "-r", "40", "-png", *pages, "-singlefile", str(path), str(prefix)],
        check=True,
        capture_output=True,
    )
    return Image.open(prefix.with_suffix(".png")).convert("RGB")


def _pixels_near(image: Image.Image, colour: tuple[int, int, int]) -> int:
    data = image.tobytes()
    pixels = zip(data[0::3], data[1::3], data[2::3], strict=True)
    return sum(
        1 for pixel in pixels if all(abs(a - b) < 24 for a, b in zip(pixel, colour, strict=True))
    )
