"""The text and template caches in build/.cache/: they save time and never change a result.

Real builds of the sample (``--no-pdf``): a build stores the course's text
conversions and its compiled templates; the next build reads them (a poisoned
conversion shows, which proves it) unless ``--no-cache``; a changed text or a
changed link target always converts again; a damaged entry is ignored and
stored again. The caches' own rules (entry format, idle texts dropped,
a changed template compiles again) are checked directly.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator.render.bytecode import MemoryBytecode
from generator.render.text import TextRenderer, remember_conversions, used_conversions
from generator.template_cache import KIND as JINJA
from generator.template_cache import TemplateCache
from generator.text_cache import KEEP_IDLE, TextCache, decode_texts, encode_texts
from generator.text_cache import KIND as TEXT
from generator.tree_cache import CACHE_ROOT, decode_tree
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
    forget_stamps(root)
    result = run_cli("build", "--no-pdf", *args, cwd=root)
    assert result.code == 0, result.err
    return read_tree(root / "build" / "default")


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> Warm:
    """The sample built once with the caches: one text entry, one per template kind."""
    root = make_project(tmp_path_factory.mktemp("texts") / "p", FIXTURES / "sample" / "content")
    tree = build(root)
    assert len(cache_entries(root, TEXT)) == 1 and len(cache_entries(root, JINJA)) == 2
    return Warm(root, tree)


@pytest.fixture
def project(warm: Warm, tmp_path: Path) -> Path:
    """A copy of the warm project, to change."""
    return copy_warm(warm, tmp_path)


def stored_texts(root: Path) -> tuple[Path, dict[str, tuple[int, list]]]:
    ((name, data),) = cache_entries(root, TEXT).items()
    found = decode_texts(name, data)
    assert found is not None
    return root / "build" / CACHE_ROOT / TEXT / name, found


def a_page_text(root: Path, found: dict[str, tuple[int, list]]) -> tuple[str, Path]:
    """A one-line text without links, written as it is in one content file."""
    sources = list((root / "content").rglob("*.yml"))
    for text, (_, variants) in sorted(found.items()):
        if "\n" in text.strip() or len(text) < 40 or variants[0][0] or ":" in text:
            continue
        holding = [path for path in sources if text.strip() in path.read_text("utf-8")]
        if len(holding) == 1:
            return text, holding[0]
    raise AssertionError("no usable text in the sample")


def poison(path: Path, found: dict[str, tuple[int, list]], text: str) -> None:
    idle, variants = found[text]
    found[text] = (idle, [(variants[0][0], "<p>FROM-THE-CACHE</p>")])
    path.write_bytes(encode_texts(path.name, found))


def shows(tree: dict[str, bytes], words: bytes) -> bool:
    return any(words in data for name, data in tree.items() if name.startswith("docs/"))


def test_stored_conversions_are_read_and_no_cache_neither_reads_nor_writes(
    warm: Warm, project: Path
) -> None:
    path, found = stored_texts(project)
    text, _ = a_page_text(project, found)
    poison(path, found, text)
    forget_stamps(project)
    cache = project / "build" / CACHE_ROOT
    before = {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()}
    plain = build(project, "--no-cache")
    assert {p: p.stat().st_mtime_ns for p in cache.rglob("*") if p.is_file()} == before
    assert differing(plain, warm.tree) == []
    assert shows(build(project), b"FROM-THE-CACHE")


def test_a_changed_text_converts_again(warm: Warm, project: Path) -> None:
    path, found = stored_texts(project)
    text, source = a_page_text(project, found)
    poison(path, found, text)
    words = text.strip()
    source.write_text(source.read_text("utf-8").replace(words, f"{words} Changed."), "utf-8")
    cached = build(project)
    assert not shows(cached, b"FROM-THE-CACHE")
    assert shows(cached, b"Changed.")
    assert differing(cached, build(project, "--no-cache")) == []


def test_the_same_build_with_and_without_the_caches(warm: Warm, project: Path) -> None:
    assert differing(build(project), warm.tree) == []
    assert differing(build(project, "--no-cache"), warm.tree) == []


def test_a_damaged_entry_is_detected_and_stored_again(warm: Warm, project: Path) -> None:
    for kind in (TEXT, JINJA):
        for path in (project / "build" / CACHE_ROOT / kind).iterdir():
            data = bytearray(path.read_bytes())
            data[-10] ^= 0xFF  # same size, other bytes
            path.write_bytes(bytes(data))
    ((name, data),) = cache_entries(project, TEXT).items()
    assert decode_texts(name, data) is None
    assert all(decode_tree(n, d) is None for n, d in cache_entries(project, JINJA).items())
    assert differing(build(project), warm.tree) == []
    ((name, data),) = cache_entries(project, TEXT).items()
    assert decode_texts(name, data)
    assert all(decode_tree(n, d) for n, d in cache_entries(project, JINJA).items())


# The caches' own rules.


def test_a_remembered_conversion_is_used_only_for_the_same_link_answers() -> None:
    text = "Read [the remembered page](@remembered-target) first."
    remember_conversions({text: [((("remembered-target", "one.html"),), "<p>REMEMBERED</p>")]})
    assert TextRenderer(lambda ident: "one.html").block(text) == "<p>REMEMBERED</p>"
    fresh = TextRenderer(lambda ident: "two.html").block(text)
    assert 'href="two.html"' in fresh and "REMEMBERED" not in fresh
    assert text in used_conversions()


def test_a_text_entry_is_used_only_when_it_checks_out() -> None:
    key = "a" * 64
    kept = {
        "*one*": (0, [((), "<p><em>one</em></p>")]),
        "[x](@y)": (3, [((("y", None),), "x")]),
        "odd \ud800 é": (1, [((), "<p>odd \ud800 é</p>")]),
    }
    data = encode_texts(key, kept)
    assert decode_texts(key, data) == kept
    assert encode_texts(key, dict(reversed(kept.items()))) == data
    assert decode_texts("b" * 64, data) is None
    assert decode_texts(key, data[:-1]) is None
    assert decode_texts(key, data + b"x") is None
    assert decode_texts(key, b"") is None
    assert decode_texts(key, encode_texts(key, {"t": (0, [])})) is None
    assert decode_texts(key, encode_texts(key, {"t": (0, [((), 1)])})) is None  # type: ignore[list-item]


def test_texts_no_build_used_for_a_while_are_dropped(tmp_path: Path) -> None:
    build_dir = tmp_path / "build"
    used_conversions()
    old = {"an old wording": (KEEP_IDLE - 1, [((), "<p>old</p>")])}
    other = {"another edition's text": (KEEP_IDLE - 2, [((), "<p>other</p>")])}
    cache = TextCache(build_dir, key="c" * 64)
    cache.kept = old | other
    cache.store()
    again = TextCache(build_dir, key="c" * 64)
    again.load()
    assert again.kept == {"another edition's text": (KEEP_IDLE - 1, [((), "<p>other</p>")])}


def test_compiled_templates_are_kept_and_a_changed_template_compiles_again(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "page.j2").write_text("{{ 1 + 1 }}")
    options = tmp_path / "options.py"
    options.write_text("autoescape = True\n")

    def render(store: MemoryBytecode) -> str:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(folder), bytecode_cache=store)
        return env.get_template("page.j2").render()

    first = MemoryBytecode("test", options)
    assert render(first) == "2" and first.compiled
    TemplateCache(tmp_path / "build", stores=(first,)).store()
    second = MemoryBytecode("test", options)
    TemplateCache(tmp_path / "build", stores=(second,)).load()
    assert second.code == first.code
    assert render(second) == "2" and not second.compiled  # the stored code ran
    (folder / "page.j2").write_text("{{ 3 + 3 }}")
    assert render(second) == "6" and second.compiled
    key = first.key()
    options.write_text("autoescape = False\n")
    assert MemoryBytecode("test", options).key() != key
    options.write_text("autoescape = True\n")
    path = tmp_path / "build" / CACHE_ROOT / JINJA / key
    path.write_bytes(path.read_bytes()[:-1] + b"?")
    third = MemoryBytecode("test", options)
    TemplateCache(tmp_path / "build", stores=(third,)).load()
    assert third.code == {}
