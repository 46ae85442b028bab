"""Runs that make no PDFs keep those of the last full build, and link them.

``build --no-pdf`` and the root ``mkdocs build`` render the pages only; the
PDFs of the last full build stay, byte for byte, and the pages link them as a
full build's do, as long as the document is still part of the course.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.ui import load_strings

from .conftest import FIXTURES, REPO, make_project, run_cli, run_root_mkdocs

NO_PDFS = load_strings("en")["ws_no_pdfs"]


def pdf_files(edition: Path) -> dict[str, bytes]:
    """Every PDF of a built edition: pdf/, site/pdf/ and coach/."""
    return {
        path.relative_to(edition).as_posix(): path.read_bytes()
        for part in ("pdf", "site/pdf", "coach")
        for path in sorted((edition / part).glob("*.pdf"))
    }


def worksheet_page(edition: Path, sheet: str) -> str:
    return (edition / "site" / "worksheets" / f"{sheet}.html").read_text("utf-8")


def test_no_pdf_build_and_root_mkdocs_build_keep_the_last_pdfs(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    full = run_cli("build", cwd=root)
    assert full.code == 0, full.err
    edition = root / "build" / "default"
    made = pdf_files(edition)
    assert "coach/answer-key-a4.pdf" in made and "pdf/meeting-plan-a4-fillable.pdf" in made
    page = worksheet_page(edition, "meeting-plan")

    quick = run_cli("build", "--no-pdf", cwd=root)
    assert quick.code == 0, quick.err
    assert "default: keeping 20 PDFs of the last full build" in quick.err.splitlines()
    assert pdf_files(edition) == made
    # Linked exactly as the full build linked them, sizes included.
    assert worksheet_page(edition, "meeting-plan") == page
    assert NO_PDFS not in page and 'href="../pdf/meeting-plan-a4-fillable.pdf"' in page
    home = (edition / "site" / "index.html").read_text("utf-8")
    assert 'href="pdf/course-a4.pdf"' in home

    mkdocs = run_root_mkdocs(root, "build", "--strict")
    assert mkdocs.returncode == 0, mkdocs.stderr
    assert pdf_files(edition) == made
    assert worksheet_page(edition, "meeting-plan") == page


def test_pdfs_of_a_worksheet_that_is_gone_are_not_kept(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    assert run_cli("build", "--quiet", cwd=root).code == 0
    edition = root / "build" / "default"
    made = pdf_files(edition)
    (root / "content" / "worksheets" / "request-draft.yml").unlink()

    quick = run_cli("build", "--no-pdf", cwd=root)
    assert quick.code == 0, quick.err
    kept = pdf_files(edition)
    assert kept == {name: data for name, data in made.items() if "request-draft" not in name}
    assert not (edition / "site" / "worksheets" / "request-draft.html").exists()
    assert 'href="../pdf/meeting-plan-a4.pdf"' in worksheet_page(edition, "meeting-plan")


def test_a_first_build_without_pdfs_says_how_to_make_them(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    result = run_cli("build", "--no-pdf", cwd=root)
    assert result.code == 0, result.err
    edition = root / "build" / "default"
    assert pdf_files(edition) == {}
    assert NO_PDFS in worksheet_page(edition, "meeting-plan")


def test_all_editions_without_pdfs(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    shutil.copytree(REPO / "editions" / "minimal", root / "editions" / "minimal")
    result = run_cli("build", "--all", "--no-pdf", cwd=root)
    assert result.code == 0, result.err
    assert "2 of 2 editions built" in result.err
    assert "PDF" not in result.err
    for slug in ("default", "minimal"):
        edition = root / "build" / slug
        assert (edition / "site" / "index.html").is_file()
        assert not list(edition.rglob("*.pdf")), slug
