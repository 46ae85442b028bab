"""The PDF cache in build/.cache/pdf/: it saves layouts and never changes a result.

Real builds of the sample: a second build takes every PDF from the cache and
gives the same bytes as a build without it; an edited worksheet lays out only
the documents that show it; damaged entries and junk are ignored. The cache's
own rules (verification, pruning, an unusable folder) are checked on made-up
entries, without WeasyPrint.
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest

from generator.pdf_cache import CACHE_DIR, PdfCache, decode_entry, encode_entry, job_key
from generator.worksheet.pdf import PdfJob, PdfPair
from generator.write import read_tree, write_atomic

from .conftest import FIXTURES, forget_stamps, make_project, run_cli

PDF_LINE = re.compile(r"\] default: PDF (\S+)( \(cached\))?$", re.MULTILINE)


def laid_out(err: str) -> set[str]:
    """The PDF jobs a build's progress lines say were laid out (not cached)."""
    return {key for key, cached in PDF_LINE.findall(err) if not cached}


def cached(err: str) -> set[str]:
    return {key for key, was_cached in PDF_LINE.findall(err) if was_cached}


def entries(root: Path) -> dict[str, bytes]:
    return read_tree(root / "build" / CACHE_DIR)


class Warm:
    def __init__(self, root: Path, first: str, second: str, tree: dict[str, bytes]) -> None:
        self.root, self.first, self.second, self.tree = root, first, second, tree


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Warm:
    """The sample built twice with the cache (cold, then warm)."""
    root = make_project(tmp_path_factory.mktemp("cache") / "p", FIXTURES / "sample" / "content")
    first = run_cli("build", cwd=root)
    assert first.code == 0, first.err
    forget_stamps(root)  # else the second build has nothing to do
    second = run_cli("build", cwd=root)
    assert second.code == 0, second.err
    return Warm(root, first.err, second.err, read_tree(root / "build" / "default"))


@pytest.fixture
def project(warm: Warm, tmp_path: Path) -> Path:
    """A copy of the warm project, to change."""
    root = tmp_path / "p"
    shutil.copytree(warm.root, root, symlinks=True)
    return root


def test_a_second_build_takes_every_pdf_from_the_cache_and_changes_no_byte(warm: Warm) -> None:
    jobs = laid_out(warm.first)
    assert len(jobs) == 12 and cached(warm.first) == set()
    assert f"({len(jobs)} PDFs laid out, 0 from the cache)" in warm.first
    assert laid_out(warm.second) == set() and cached(warm.second) == jobs
    assert "default: PDF contact-log-a4 (cached)" in warm.second
    assert f"(0 PDFs laid out, {len(jobs)} from the cache)" in warm.second
    assert len(entries(warm.root)) == len(jobs)

    before = {p.name: p.stat().st_mtime_ns for p in (warm.root / "build" / CACHE_DIR).iterdir()}
    plain = run_cli("build", "--no-cache", cwd=warm.root)
    assert plain.code == 0, plain.err
    assert laid_out(plain.err) == jobs and cached(plain.err) == set()
    assert f"({len(jobs)} PDFs laid out, 0 from the cache)" in plain.err
    # Neither read (a hit would touch the entry) nor written.
    after = {p.name: p.stat().st_mtime_ns for p in (warm.root / "build" / CACHE_DIR).iterdir()}
    assert after == before
    tree = read_tree(warm.root / "build" / "default")
    assert any(name.startswith("pdf/") for name in tree)
    assert tree.keys() == warm.tree.keys()
    assert [n for n in tree if tree[n] != warm.tree[n]] == []


def test_editing_one_worksheet_lays_out_only_the_documents_that_show_it(project: Path) -> None:
    sheet = project / "content" / "worksheets" / "contact-log.yml"
    text = sheet.read_text()
    sheet.write_text(text.replace("Keep track of everyone", "Keep a record of everyone"))
    result = run_cli("build", cwd=project)
    assert result.code == 0, result.err
    assert laid_out(result.err) == {
        "contact-log-a4",
        "contact-log-letter",
        "workbook-a4",
        "workbook-letter",
        "course-a4",
        "course-letter",
    }
    assert "(6 PDFs laid out, 6 from the cache)" in result.err
    # The old entries of those documents stay until they are pruned.
    assert len(entries(project)) == 18


def test_damaged_entries_and_junk_are_ignored_and_replaced(warm: Warm, project: Path) -> None:
    folder = project / "build" / CACHE_DIR
    names = sorted(p.name for p in folder.iterdir())
    truncated, flipped, swapped, other = names[:4]
    data = (folder / truncated).read_bytes()
    (folder / truncated).write_bytes(data[: len(data) // 2])
    data = bytearray((folder / flipped).read_bytes())
    data[-100] ^= 0xFF
    (folder / flipped).write_bytes(bytes(data))
    (folder / swapped).write_bytes((folder / other).read_bytes())
    (folder / "junk.txt").write_bytes(b"not an entry")
    (folder / ".999999999.abc.tmp").write_bytes(b"left by a killed build")

    forget_stamps(project)
    result = run_cli("build", cwd=project)
    assert result.code == 0, result.err
    assert "(3 PDFs laid out, 9 from the cache)" in result.err
    tree = read_tree(project / "build" / "default")
    assert tree.keys() == warm.tree.keys()
    assert [n for n in tree if tree[n] != warm.tree[n]] == []
    # The damaged entries were stored again; junk and dead temporary files are gone.
    assert sorted(p.name for p in folder.iterdir()) == names
    for name, data in entries(project).items():
        header = data.split(b"\n", 2)[1]
        assert name.encode() in header


def test_a_cache_folder_that_is_a_file_does_not_stop_a_build(project: Path) -> None:
    cache = project / "build" / ".cache"
    shutil.rmtree(cache)
    cache.write_bytes(b"not a folder")
    result = run_cli("build", cwd=project)
    assert result.code == 0, result.err
    assert "(12 PDFs laid out, 0 from the cache)" in result.err
    assert cache.read_bytes() == b"not a folder"


# The cache's own rules, on made-up entries.

PAIR = PdfPair(b"%PDF-printable", b"%PDF-fillable", ("a warning",))


def test_an_entry_is_used_only_when_it_checks_out() -> None:
    key = "a" * 64
    data = encode_entry(key, PAIR)
    assert decode_entry(key, data) == PAIR
    assert decode_entry("b" * 64, data) is None  # stored under another key
    assert decode_entry(key, data[:-1]) is None
    assert decode_entry(key, data + b"x") is None
    assert decode_entry(key, data[:-1] + b"X") is None  # same size, other bytes
    assert decode_entry(key, b"") is None
    assert decode_entry(key, b"coursegen-pdf-cache 1\n{not json\n") is None
    printable_only = PdfPair(b"%PDF-x", None)
    assert decode_entry(key, encode_entry(key, printable_only)) == printable_only


def test_the_key_follows_every_input(monkeypatch: pytest.MonkeyPatch) -> None:
    job = PdfJob("x", "<p>one</p>")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "315532800")
    key = job_key(job, "tools")
    assert key == job_key(PdfJob("renamed", "<p>one</p>"), "tools")
    assert key != job_key(PdfJob("x", "<p>two</p>"), "tools")
    assert key != job_key(PdfJob("x", "<p>one</p>", fillable=False), "tools")
    assert key != job_key(job, "other tools")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "315532801")
    assert key != job_key(job, "tools")


def test_an_unreadable_or_junk_cache_is_an_empty_one(tmp_path: Path) -> None:
    jobs = [PdfJob("one", "<p>1</p>"), PdfJob("two", "<p>2</p>")]
    cache = PdfCache(tmp_path / "build", "tools")
    assert cache.load(jobs) == {}  # no folder
    cache.store(jobs, {"one": PAIR, "two": PAIR})
    assert PdfCache(tmp_path / "build", "tools").load(jobs) == {"one": PAIR, "two": PAIR}
    assert PdfCache(tmp_path / "build", "new tools").load(jobs) == {}
    for path in cache.folder.iterdir():
        path.unlink()
        path.mkdir()  # a folder under an entry's name
    fresh = PdfCache(tmp_path / "build", "tools")
    assert fresh.load(jobs) == {}
    fresh.store(jobs, {"one": PAIR, "two": PAIR})  # cannot replace a folder: no error
    fresh.prune()
    shutil.rmtree(cache.folder)
    cache.folder.parent.mkdir(exist_ok=True)
    cache.folder.write_bytes(b"")
    assert fresh.load(jobs) == {}
    fresh.store(jobs, {"one": PAIR})
    fresh.prune()


def test_atomic_writes_leave_no_partial_file(tmp_path: Path) -> None:
    path = write_atomic(tmp_path, "a/b", b"data")
    assert path.read_bytes() == b"data"
    assert sorted(p.name for p in path.parent.iterdir()) == ["b"]


def test_pruning_keeps_what_the_build_used_and_the_newest_others(tmp_path: Path) -> None:
    build = tmp_path / "build"
    old = PdfCache(build, "tools")
    jobs = [PdfJob(f"job{i}", f"<p>{i}</p>") for i in range(6)]
    old.store(jobs, {job.key: PAIR for job in jobs})
    now = time.time()
    for age, job in enumerate(jobs):  # job0 is the newest, job5 the oldest
        os.utime(old.folder / job_key(job, "tools"), (now - age * 60, now - age * 60))
    current = PdfCache(build, "tools")
    assert current.load([jobs[5]]) == {"job5": PAIR}  # used now, and the oldest
    (current.folder / "junk").write_bytes(b"x")
    (current.folder / f".{os.getpid()}.live.tmp").write_bytes(b"being written")
    current.prune(keep_unused=2)
    left = {p.name for p in current.folder.iterdir()}
    keys = [job_key(job, "tools") for job in jobs]
    assert left == {keys[0], keys[1], keys[5], f".{os.getpid()}.live.tmp"}

    size = len(encode_entry(keys[0], PAIR))
    current.prune(keep_unused=10, max_bytes=2 * size)  # one unused fits beside job5
    assert {p.name for p in current.folder.iterdir() if not p.name.startswith(".")} == {
        keys[0],
        keys[5],
    }
