"""The quiz answer key as a printed document: its PDFs, inspected with pypdf,
and the links to them on the site's answer key page.

The sample course is built once per session (``built_sample``).
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from generator.check import check_course
from generator.core.model import Edition
from generator.outputs import render_pdfs
from generator.quiz.answer_key import answer_key_pdf_jobs
from generator.render.site import make_environment
from generator.worksheet.paper import PAPERS
from generator.worksheet.pdf import render_pdf_files
from generator.worksheet.render import make_worksheet_environment

from .conftest import FIXTURES, make_project, run_cli

SIZES = {"a4": (595, 842), "letter": (612, 792)}
HOSTILE = "</style><script>alert(1)</script>"


@pytest.fixture(scope="module")
def sample_course() -> Any:
    return check_course(FIXTURES / "sample").course


def reader(data: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(data))


def text_of(pdf: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in pdf.pages)


def flat(text: str) -> str:
    """Text with line breaks and runs of spaces folded, as a reader sees it."""
    return " ".join(text.split())


@pytest.mark.parametrize("paper", PAPERS, ids=lambda p: p.slug)
def test_answer_key_in_both_paper_sizes_tagged_without_fields(
    built_sample: Path, paper: Any
) -> None:
    pdf = reader((built_sample / "coach" / f"answer-key-{paper.slug}.pdf").read_bytes())
    assert len(pdf.pages) >= 2
    for page in pdf.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == SIZES[paper.slug]
    root = pdf.trailer["/Root"]
    assert "/AcroForm" not in root
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()
    assert root["/Lang"] == "en"
    assert (pdf.metadata or {}).get("/Title") == "Answer key \N{EN DASH} Informational Interviews"
    assert not (built_sample / "coach" / f"answer-key-{paper.slug}-fillable.pdf").exists()


def test_answer_key_holds_every_quiz_with_answers_and_explanations(
    built_sample: Path, sample_course: Any
) -> None:
    pdf = reader((built_sample / "coach" / "answer-key-a4.pdf").read_bytes())
    text = flat(text_of(pdf))
    for entry in sample_course.quizzes:
        assert entry.quiz.title in text
        assert entry.heading in text
    # "How much time should a first request ask for?": the right option, the
    # feedback on a wrong one and the item's explanation.
    assert "How much time should a first request ask for?" in text
    assert "Right answer Ten minutes" in text
    assert "A large ask for someone who does not know you." in text
    assert "Ten minutes on their calendar is a small, specific ask." in text
    # Paper cannot follow a link: the item names the part that teaches it.
    assert "Revisit: The opening minute" in text
    outline = [item.title for item in pdf.outline if not isinstance(item, list)]
    assert outline == [entry.heading for entry in sample_course.quizzes]


def test_answer_key_has_the_worksheets_running_header_and_footer(built_sample: Path) -> None:
    pdf = reader((built_sample / "coach" / "answer-key-letter.pdf").read_bytes())
    pages = [page.extract_text() for page in pdf.pages]
    for number, text in enumerate(pages, start=1):
        assert "Informational Interviews" in text  # the course title, in the header
        assert f"Page {number} of {len(pages)}" in text
    assert "Module 2: Secure the meeting" in pages[-1]  # the footer names the module


def test_the_answer_key_stays_with_the_coach_by_default(built_sample: Path) -> None:
    """Nothing a learner can open (the site, its PDFs, the PDF folder) holds the
    answer key; ``coach/`` holds it as PDFs and as one printable HTML document."""
    coach = sorted(p.name for p in (built_sample / "coach").iterdir())
    assert coach == ["answer-key-a4.pdf", "answer-key-letter.pdf", "answer-key.html"]
    html = (built_sample / "coach" / "answer-key.html").read_text("utf-8")
    assert "Why it matters" in html or "Answer key" in html
    site = built_sample / "site"
    assert not (site / "answer-key.html").exists()
    assert not list(site.rglob("answer-key*"))
    assert not list((built_sample / "pdf").glob("answer-key*"))
    for page in site.rglob("*.html"):
        text = page.read_text("utf-8")
        assert "answer-key" not in text, page
        assert not re.search(r">\s*Answer key\s*<", text), page
    assert "answer-key" not in (site / "sitemap.xml").read_text("utf-8")
    assert "answer-key" not in (site / "search" / "search_index.json").read_text("utf-8")


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample with an edition that publishes its answer key on the site."""
    root = make_project(tmp_path_factory.mktemp("published") / "p", FIXTURES / "sample" / "content")
    folder = root / "editions" / "cohort"
    folder.mkdir(parents=True)
    (folder / "edition.yml").write_text(
        "name: Cohort Coaching\npublishing:\n  answer_key: site\n", "utf-8"
    )
    result = run_cli("build", "--quiet", "--edition", "cohort", cwd=root)
    assert result.code == 0, result.err
    return root / "build" / "cohort"


def test_an_edition_may_publish_the_answer_key_on_its_site(published: Path) -> None:
    site = published / "site"
    html = (site / "answer-key.html").read_text("utf-8")
    links = re.findall(
        r'<a href="(pdf/answer-key-[a-z0-9]+\.pdf)" download>([^<]*)</a> \((\d+) KB\)', html
    )
    assert [(href, label) for href, label, _ in links] == [
        ("pdf/answer-key-a4.pdf", "Printable answer key, A4"),
        ("pdf/answer-key-letter.pdf", "Printable answer key, US Letter"),
    ]
    for href, _, kilobytes in links:
        size = (site / href).stat().st_size
        assert int(kilobytes) == max(1, round(size / 1024))
        assert (site / href).read_bytes() == (published / href).read_bytes()
        assert (site / href).read_bytes() == (published / "coach" / Path(href).name).read_bytes()
    progress = (site / "progress.html").read_text("utf-8")
    assert re.search(r'href="answer-key.html"[^>]*>\s*<span[^>]*>\s*Answer key\s*<', progress)


def test_answer_key_shares_the_worksheets_pool_and_builds_the_same_bytes(
    built_sample: Path, sample_course: Any
) -> None:
    seen: list[tuple[str, int | None, int | None]] = []

    def progress(message: str, done: int | None = None, total: int | None = None) -> None:
        seen.append((message, done, total))

    files = render_pdfs(FIXTURES / "sample", sample_course, progress)
    # One count over every job: the answer key (and the course book) are laid
    # out with the worksheets.
    totals = {total for _, _, total in seen}
    assert totals == {len(PAPERS) * (len(sample_course.worksheets) + 1 + 1 + 1)}
    assert {m for m, _, _ in seen} >= {
        "default: PDF answer-key-a4",
        "default: PDF answer-key-letter",
    }
    for name in ("answer-key-a4.pdf", "answer-key-letter.pdf"):
        assert files[name] == (built_sample / "coach" / name).read_bytes(), name


def test_hostile_quiz_text_prints_as_text(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    quiz = root / "content" / "quizzes" / "secure-meeting.yml"
    text = quiz.read_text("utf-8")
    text = text.replace('title: "Self-check: securing the meeting"', f"title: '{HOSTILE}'")
    quiz.write_text(text.replace("      - text: Five minutes\n", f"      - text: '{HOSTILE}'\n"))
    course = check_course(root).course
    brand = 'Coach"; } @page { size: 10mm; } .x { content: "'
    course = dataclasses.replace(course, edition=Edition("coach", brand))
    jobs = answer_key_pdf_jobs(make_worksheet_environment(), make_environment(), course)
    assert all("<script>" not in job.html for job in jobs)
    files = render_pdf_files(jobs, workers=1)
    pdf = reader(files["answer-key-a4.pdf"])
    text = text_of(pdf)
    assert text.count(HOSTILE) >= 2
    assert brand.replace(" ", "") in text.replace(" ", "")  # the whole brand, in the header
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == SIZES["a4"]


def test_no_quizzes_no_answer_key(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    shutil.rmtree(root / "content" / "quizzes")
    course = check_course(root).course
    assert answer_key_pdf_jobs(make_worksheet_environment(), make_environment(), course) == []
    result = run_cli("build", "--quiet", cwd=root)
    assert result.code == 0, result.err
    out = root / "build" / "default"
    assert not list((out / "pdf").glob("answer-key*"))
    assert not (out / "site" / "answer-key.html").exists()
    assert not (out / "coach").exists()
    # The worksheets and the course book are still made.
    assert len(list((out / "pdf").glob("*.pdf"))) == 16 + 2
