"""``build --all``: each edition checked once, one PDF layout per distinct
document, the same files as one build per edition, a build lock per edition."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from generator.build_all import build_all
from generator.check import check_course, load_base
from generator.outputs import pdf_jobs, site_pdf_jobs
from generator.write import build_lock

from .conftest import FIXTURES, REPO, make_project, run_cli

OPENS_LOG = "COURSEGEN_TEST_OPENS"
"""The file the audit hook below appends the paths a process opens to."""

COUNT_OPENS = f"""
import os, sys
def hook(event, args):
    if event == "open" and isinstance(args[0], (str, os.PathLike)):
        path = os.fsdecode(os.fspath(args[0]))
        if path.endswith(".yml"):
            with open(os.environ["{OPENS_LOG}"], "a") as log:
                log.write(os.path.relpath(path) + "\\n")
sys.addaudithook(hook)
from generator.cli import main
sys.exit(main())
"""
"""``python -m generator`` with every YAML file it (or a process it forks) opens
logged: each check of a course reads its files once."""


def _edition(root: Path, slug: str, text: str) -> None:
    folder = root / "editions" / slug
    folder.mkdir(parents=True)
    (folder / "edition.yml").write_text(text, "utf-8")


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_the_course_is_read_once_and_each_edition_checked_once(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    shutil.copytree(REPO / "editions" / "minimal", root / "editions" / "minimal")
    opened = tmp_path / "opened.txt"
    env = {**os.environ, "PYTHONPATH": str(REPO), OPENS_LOG: str(opened)}
    proc = subprocess.run(
        # No cache: the up-to-date stamps hash the files (without parsing them).
        [sys.executable, "-c", COUNT_OPENS, "build", "--all", "--no-pdf", "--no-cache", "-q"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    reads = opened.read_text("utf-8").splitlines()
    # The base course is read once for both editions, the edition file by its
    # own check, and nothing is checked a second time.
    assert reads.count("content/course.yml") == 1
    assert reads.count("content/messages.yml") == 1
    assert reads.count("editions/minimal/edition.yml") == 1


def test_identical_pdfs_are_laid_out_once_and_match_one_build_per_edition(
    tmp_path: Path,
) -> None:
    content = FIXTURES / "sample" / "content"
    together = make_project(tmp_path / "together", content)
    # Two editions of one coach: the same brand, so every document that does
    # not show the next steps is the same for both.
    _edition(together, "coach-a", "name: Ana Lima Coaching\n")
    _edition(
        together,
        "coach-b",
        "name: Ana Lima Coaching\nnext_steps:\n  title: Next steps\n  body: Write to me.\n",
    )
    apart = make_project(tmp_path / "apart", content)
    shutil.copytree(together / "editions", apart / "editions")

    result = run_cli("build", "--all", cwd=together)
    assert result.code == 0, result.err
    counts = dict(re.findall(r"^  (\S+): built \((.*)\)$", result.err, re.MULTILINE))
    assert counts == {
        "default": "12 PDFs laid out, 0 from the cache",
        "coach-a": "12 PDFs laid out, 0 from the cache",
        "coach-b": "4 PDFs laid out, 0 from the cache, 8 shared with another edition",
    }
    shared = re.findall(r"coach-b: PDF (\S+) \(laid out for coach-a\)$", result.err, re.MULTILINE)
    assert len(shared) == 8
    pdfs_a, pdfs_b = (_pdfs(together / "build" / slug) for slug in ("coach-a", "coach-b"))
    for key in shared:
        assert pdfs_b[f"{key}.pdf"] == pdfs_a[f"{key}.pdf"], key
    assert [name for name in pdfs_b if pdfs_b[name] != pdfs_a[name]]  # next steps differ

    for slug in ("default", "coach-a", "coach-b"):
        alone = run_cli("build", "--edition", slug, "-q", "--no-cache", cwd=apart)
        assert alone.code == 0, alone.err
    for slug in ("default", "coach-a", "coach-b"):
        built, expected = _tree(together / "build" / slug), _tree(apart / "build" / slug)
        assert sorted(built) == sorted(expected), slug
        assert [name for name in built if built[name] != expected[name]] == [], slug


def _pdfs(edition: Path) -> dict[str, bytes]:
    """Every PDF of a build, the learners' and the coach's, by file name."""
    return {
        name.rsplit("/", 1)[-1]: data
        for name, data in _tree(edition).items()
        if name.startswith(("pdf/", "coach/")) and name.endswith(".pdf")
    }


def test_an_edition_being_built_elsewhere_is_skipped_and_the_others_built(
    tmp_path: Path,
) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    shutil.copytree(REPO / "editions" / "minimal", root / "editions" / "minimal")
    with build_lock(root / "build", "minimal"):
        result = run_cli("build", "--all", "--no-pdf", cwd=root)
    assert result.code == 1
    assert "coursegen: minimal: another build of 'minimal' is running" in result.err
    assert "1 of 2 editions built" in result.err
    assert (root / "build" / "default" / "site" / "index.html").is_file()
    assert not (root / "build" / "minimal").exists()


def test_outcomes_come_back_in_edition_order(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    _edition(root, "zed", "name: Zed\n")
    _edition(root, "alpha", "name: Alpha\nhide: [nothing]\n")
    seen: list[tuple[str, bool]] = []
    outcomes = build_all(
        root, pdf=False, checked=lambda outcome, passed: seen.append((outcome.edition, passed))
    )
    assert seen == [("default", True), ("alpha", False), ("zed", True)]
    assert [(o.edition, o.result is not None) for o in outcomes] == [
        ("default", True),
        ("alpha", False),
        ("zed", True),
    ]
    assert not (root / "build" / "alpha").exists()


def test_the_website_waits_only_for_the_pdfs_it_carries(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    _edition(root, "cohort", "name: Cohort Coaching\npublishing:\n  answer_key: site\n")
    base = load_base(root)
    split = {}
    for slug in ("default", "cohort"):
        course = check_course(root, slug, base=base).course
        jobs = pdf_jobs(root, course)
        site, coach = site_pdf_jobs(course, jobs)
        assert sorted(j.key for j in site + coach) == sorted(j.key for j in jobs), slug
        split[slug] = sorted(job.key for job in coach)
    # The answer key is the coach's, unless the edition publishes it: then the
    # website links to it and waits for it like any other PDF.
    assert split == {"default": ["answer-key-a4", "answer-key-letter"], "cohort": []}
