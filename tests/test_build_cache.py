"""The website and export caches in build/.cache/: they save time and never change a result.

Real builds of the sample (``--no-pdf``, the PDF cache has its own tests): a
second build takes the website and the exports from the cache and gives the
same bytes as a build without it; a changed quiz item or page text always
misses; a damaged entry is ignored and stored again; the website comes from
the cache, never from the last output folder. The cache's own rules and the
faster stages (one Markdown converter, one string table, one Jinja environment
per process) are checked directly.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.cache_keys import canonical, export_key, site_key
from generator.render.site import make_environment
from generator.render.text import TextRenderer
from generator.tree_cache import CACHE_ROOT, EXPORT, SITE, TreeCache, decode_tree, encode_tree
from generator.ui import load_strings
from generator.write import read_tree

from .conftest import (
    FIXTURES,
    Warm,
    cache_entries,
    copy_warm,
    differing,
    forget_stamps,
    make_project,
    run_cli,
)


def build(root: Path, *args: str) -> dict[str, bytes]:
    """Build the default edition without PDFs; its whole output folder."""
    result = run_cli("build", "--no-pdf", *args, cwd=root)
    assert result.code == 0, result.err
    return read_tree(root / "build" / "default")


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Warm:
    """The sample built once with the cache: one website and one export entry."""
    root = make_project(tmp_path_factory.mktemp("trees") / "p", FIXTURES / "sample" / "content")
    tree = build(root)
    assert len(cache_entries(root, SITE)) == 1 and len(cache_entries(root, EXPORT)) == 1
    return Warm(root, tree)


@pytest.fixture
def project(warm: Warm, tmp_path: Path) -> Path:
    """A copy of the warm project, to change."""
    return copy_warm(warm, tmp_path)


def test_with_and_without_the_cache_every_output_file_is_the_same(project: Path) -> None:
    cache = project / "build" / CACHE_ROOT
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    plain = build(project, "--no-cache")
    # Neither read (a hit touches the entry) nor written.
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()} == before
    cached = build(project)
    assert any(name.startswith("site/") for name in cached)
    assert any(name.startswith("export/") for name in cached)
    assert differing(cached, plain) == []
    # The second build was all hits: no new entry.
    assert len(cache_entries(project, SITE)) == 1 and len(cache_entries(project, EXPORT)) == 1


def test_a_changed_quiz_item_misses_both_caches(project: Path) -> None:
    quiz = project / "content" / "quizzes" / "secure-meeting.yml"
    quiz.write_text(quiz.read_text().replace("Send one short, friendly", "Send one brief, kind"))
    tree = build(project)
    assert len(cache_entries(project, SITE)) == 2 and len(cache_entries(project, EXPORT)) == 2
    assert b"Send one brief, kind" in tree["export/quizzes-gift.txt"]
    page = tree["site/modules/secure-meeting.html"].decode()
    assert "Send one brief, kind" in page and "Send one short, friendly" not in page
    assert differing(tree, build(project, "--no-cache")) == []


def test_a_changed_page_text_misses_the_website_but_not_the_exports(project: Path) -> None:
    module = project / "content" / "modules" / "secure-meeting.yml"
    text = module.read_text()
    assert "Ask for ten minutes, follow up once" in text
    module.write_text(text.replace("Ask for ten minutes, follow up once", "Ask for a short call"))
    tree = build(project)
    assert len(cache_entries(project, SITE)) == 2 and len(cache_entries(project, EXPORT)) == 1
    assert "Ask for a short call" in tree["site/modules/secure-meeting.html"].decode()
    assert differing(tree, build(project, "--no-cache")) == []


def test_a_damaged_entry_is_detected_and_stored_again(warm: Warm, project: Path) -> None:
    for kind in (SITE, EXPORT):
        (path,) = (project / "build" / CACHE_ROOT / kind).iterdir()
        data = bytearray(path.read_bytes())
        data[-10] ^= 0xFF  # same size, other bytes
        path.write_bytes(bytes(data))
        assert decode_tree(path.name, bytes(data)) is None
    (project / "build" / CACHE_ROOT / SITE / "junk").write_bytes(b"not an entry")
    forget_stamps(project)
    tree = build(project)
    assert differing(tree, warm.tree) == []
    for kind in (SITE, EXPORT):
        ((name, data),) = cache_entries(project, kind).items()
        assert decode_tree(name, data) is not None


def test_the_website_comes_from_the_cache_not_from_the_last_output(
    warm: Warm, project: Path
) -> None:
    index = project / "build" / "default" / "site" / "index.html"
    index.write_text("changed by hand")
    (project / "build" / "default" / "site" / "stray.html").write_text("left by hand")
    tree = build(project)
    assert differing(tree, warm.tree) == []


def test_a_cache_folder_that_is_a_file_does_not_stop_a_build(warm: Warm, project: Path) -> None:
    cache = project / "build" / CACHE_ROOT
    shutil.rmtree(cache)
    cache.write_bytes(b"not a folder")
    assert differing(build(project), warm.tree) == []
    assert cache.read_bytes() == b"not a folder"


# The cache's own rules.


def test_a_tree_entry_is_used_only_when_it_checks_out() -> None:
    key = "a" * 64
    files = {"index.html": b"<p>home</p>", "assets/empty.css": b"", "b/c.js": b"x"}
    data = encode_tree(key, files)
    assert decode_tree(key, data) == files
    assert decode_tree("b" * 64, data) is None
    assert decode_tree(key, data[:-1]) is None
    assert decode_tree(key, data + b"x") is None
    assert decode_tree(key, data[:-1] + b"y") is None
    assert decode_tree(key, b"") is None
    assert decode_tree(key, encode_tree(key, {"../escape": b"x"})) is None
    assert decode_tree(key, encode_tree(key, {})) == {}


def test_tree_caches_store_load_and_prune(tmp_path: Path) -> None:
    cache = TreeCache(tmp_path / "build", SITE)
    assert cache.load("a" * 64) is None
    for n in range(4):
        cache.store(f"{n}" * 64, {"f": bytes([n])})
    fresh = TreeCache(tmp_path / "build", SITE)
    assert fresh.load("3" * 64) == {"f": b"\x03"}
    fresh.prune(keep_unused=1)
    assert len(list(fresh.folder.iterdir())) == 2  # the one used and the newest other


def test_the_keys_follow_every_input(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    docs = {"mkdocs.yml": b"site_name: x\n", "pages/index.md": b"# Home\n"}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "315532800")
    key = site_key(docs, "mkdocs.yml", tmp_path)
    assert key == site_key(dict(docs), "mkdocs.yml", tmp_path)
    assert key != site_key({**docs, "pages/index.md": b"# Home!\n"}, "mkdocs.yml", tmp_path)
    assert key != site_key({**docs, "pages/other.md": b""}, "mkdocs.yml", tmp_path)
    hooked = {**docs, "mkdocs.yml": b"site_name: x\nhooks: [hook.py]\n"}
    (tmp_path / "hook.py").write_text("one = 1\n")
    with_hook = site_key(hooked, "mkdocs.yml", tmp_path)
    (tmp_path / "hook.py").write_text("one = 2\n")
    assert site_key(hooked, "mkdocs.yml", tmp_path) != with_hook
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "315532801")
    assert key != site_key(docs, "mkdocs.yml", tmp_path)

    from generator.check import check_course

    course = check_course(make_project(tmp_path / "p", FIXTURES / "sample" / "content")).course
    assert export_key(course, ("gift",), 1) == export_key(course, ("gift",), 1)
    assert export_key(course, ("gift",), 1) != export_key(course, ("qti",), 1)
    assert export_key(course, ("gift",), 1) != export_key(course, ("gift",), 2)


def test_canonical_bytes_tell_every_value_apart() -> None:
    values = [None, 0, False, "0", 0.0, b"0", (0,), [0], {"0": 0}, {0: "0"}, frozenset({0})]
    assert len({canonical(v) for v in values}) == len(values) - 1  # a list is a tuple
    with pytest.raises(TypeError):
        canonical(object())


# The faster stages.


def test_remembered_markdown_follows_each_pages_links() -> None:
    text = "See [the pipeline](@pipeline) and *this*."
    one = TextRenderer(lambda ident: "one.html" if ident == "pipeline" else None)
    two = TextRenderer(lambda ident: "two.html" if ident == "pipeline" else None)
    none = TextRenderer(lambda ident: None)
    for _ in range(2):
        assert 'href="one.html"' in one.block(text)
        assert 'href="two.html"' in two.block(text)
        assert "href" not in none.block(text)
    assert one.inline("*plain*") == "<em>plain</em>"


def test_string_tables_are_shared_and_read_only() -> None:
    strings = load_strings("en")
    assert load_strings("en") is strings
    with pytest.raises(TypeError):
        strings["tone"] = "changed"  # type: ignore[index]


def test_a_template_added_to_an_override_folder_is_found(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    first = make_environment([folder])
    assert make_environment([folder]) is first
    (folder / "extra.md.j2").write_text("{{ 1 + 1 }}")
    assert make_environment([folder]).get_template("extra.md.j2").render() == "2"
