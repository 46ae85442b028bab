"""Hostile input, end to end: real files, the real CLI, and the last good build untouched.

Every case gives exit 1 (or 2 for usage), a message that names file:line:col, no
traceback, and leaves ``build/default`` byte-identical.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import FIXTURES, REPO, Result, make_project, run_cli

LOCATED = re.compile(r"^(?:content|editions)/[\w./-]+\.yml:\d+:\d+: (?:error|warning): ", re.M)


def tree_digest(folder: Path) -> str:
    """One hash over every path (hidden ones included) and file below ``folder``."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file() and not path.is_symlink():
            digest.update(path.read_bytes())
    return digest.hexdigest()


@dataclass
class Built:
    root: Path
    digest: str


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The sample course built once (site only); the cases below must not change it."""
    root = make_project(tmp_path_factory.mktemp("hostile") / "p", FIXTURES / "sample" / "content")
    shutil.copytree(REPO / "editions" / "minimal", root / "editions" / "minimal")
    result = run_cli("build", "--no-pdf", "--quiet", cwd=root)
    assert result.code == 0, result.err
    return Built(root, tree_digest(root / "build"))


@pytest.fixture
def project(built: Built) -> Iterator[Path]:
    """The built project; every file a case changes is put back afterwards."""
    sources = [built.root / "content", built.root / "editions"]
    before = {p: p.read_bytes() for d in sources for p in d.rglob("*") if p.is_file()}
    yield built.root
    for path in [p for d in sources for p in d.rglob("*")]:
        if path.is_file() and path not in before:
            path.unlink()
    for path, data in before.items():
        path.write_bytes(data)
    assert tree_digest(built.root / "build") == built.digest


def assert_refused(result: Result, where: str, words: str = "", code: int = 1) -> None:
    """Exit ``code``, every message located, ``where`` named, no traceback."""
    assert result.code == code, result.err
    assert "Traceback" not in result.err and "internal error" not in result.err, result.err
    assert where in result.err, result.err
    if words:
        assert words in result.err, result.err
    for line in result.err.splitlines():
        if ": error: " in line or ": warning: " in line:
            assert LOCATED.match(line), line


def build(root: Path) -> Result:
    return run_cli("build", "--no-pdf", cwd=root)


COURSE = "content/course.yml"

YAML_CASES: dict[str, tuple[bytes, str, str]] = {
    # name: (bytes of content/course.yml, expected location, words in the message)
    "deep flow lists": (b"title: " + b"[" * 500 + b"]" * 500 + b"\n", ":1:71:", "nested"),
    "deep block lists": (b"".join(b"  " * i + b"- \n" for i in range(500)), ":65:", "nested"),
    "deep flow maps": (b"title: " + b"{a: " * 500 + b"1" + b"}" * 500, ":1:260:", "nested"),
    "tag int": (b"title: !!int abc\n", ":1:8:", "'!!int'"),
    "tag float": (b"title: !!float .\n", ":1:8:", "'!!float'"),
    "tag bool": (b"title: !!bool maybe\n", ":1:8:", "'!!bool'"),
    "tag null": (b"title: !!null x\n", ":1:8:", "'!!null'"),
    "tag python": (b"title: !!python/object/apply:os.system [id]\n", ":1:8:", "python"),
    "tag local": (b"title: !mine x\n", ":1:8:", "'!mine'"),
    "tag binary": (b"title: !!binary aGVsbG8=\n", ":1:8:", "'!!binary'"),
    "many plain items": (b"items:\n" + b"- a\n" * 249_000, ":19999:3:", "20,000 values"),
    "alias bomb": (
        b"a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + b"".join(
            f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n".encode()
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        ":1:1:",
        "aliases",
    ),
    "merge key bomb": (b"a: &a {x: 1}\nb:\n  <<: [*a, *a]\n", ":3:3:", "merge keys"),
    "tab indentation": (b"title: A\nmodules:\n\t- x\n", ":3:1:", "tab"),
    "duplicate keys": (b"title: A\ntitle: B\n", ":2:1:", "duplicate key 'title'"),
    "utf-16": ("title: A\n".encode("utf-16"), ":1:1:", "UTF-16"),
    "invalid utf-8": (b"title: caf\xe9\n", ":1:11:", "not UTF-8"),
    "nul byte": (b"title: A\x00\n", ":1:1:", "binary"),
    "binary": (bytes(range(256)) * 4, ":1:1:", "binary"),
    "empty": (b"", ":1:1:", "empty"),
    "only a comment": (b"# nothing\n", ":1:1:", "empty"),
    "top-level list": (b"- a\n- b\n", ":1:1:", "mapping"),
    "top-level scalar": (b"just text\n", ":1:1:", "mapping"),
    "syntax error": (b"title: [unclosed\n", ":2:1:", "YAML syntax error"),
}


@pytest.mark.parametrize("name", list(YAML_CASES))
def test_hostile_yaml_is_refused_and_the_last_build_kept(project: Path, name: str) -> None:
    data, where, words = YAML_CASES[name]
    (project / COURSE).write_bytes(data)
    started = time.monotonic()
    result = build(project)
    assert_refused(result, f"{COURSE}{where}", words)
    assert time.monotonic() - started < 20


def test_a_bom_is_accepted(project: Path) -> None:
    path = project / COURSE
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert run_cli("validate", cwd=project).code == 0


def test_a_file_too_large_is_refused_by_its_size(project: Path) -> None:
    path = project / "content" / "modules" / "what-it-is.yml"
    with path.open("wb") as handle:
        handle.truncate(60_000_000)  # sparse: 60 MB that cost nothing to make
    result = build(project)
    assert_refused(result, "content/modules/what-it-is.yml:1:1:", "60,000,000 bytes")


# Command-line values ----------------------------------------------------------

EDITION_COMMANDS = [
    ["build", "--no-pdf"],
    ["validate"],
    ["stats"],
    ["export", "--format", "gift"],
    ["serve"],
]
BAD_SLUGS = ["minimal/", "minimal/.", "m" * 300, "../../dir", "Minimal", "a\x1b[2Jb", ""]


@pytest.mark.parametrize("slug", BAD_SLUGS, ids=range(len(BAD_SLUGS)))
@pytest.mark.parametrize("command", EDITION_COMMANDS, ids=lambda c: c[0])
def test_a_bad_edition_name_is_a_usage_error(project: Path, command: list[str], slug: str) -> None:
    result = run_cli(*command, "--edition", slug, cwd=project)
    assert result.code == 2, result.err
    assert result.err.startswith("coursegen: --edition: "), result.err
    assert len(result.err.splitlines()) == 1, result.err
    assert "\x1b" not in result.err


def test_a_mistyped_edition_gets_a_suggestion(project: Path) -> None:
    result = run_cli("build", "--no-pdf", "--edition", "minmal", cwd=project)
    assert result.code == 2, result.err
    assert "did you mean 'minimal'?" in result.err


@pytest.mark.parametrize("root", ["/nonexistent/x", "a\x1bb", "content/course.yml", "build"])
def test_a_bad_root_is_a_usage_error(project: Path, root: str) -> None:
    result = run_cli("validate", "--root", root, cwd=project)
    assert result.code == 2, result.err
    assert result.err.startswith("coursegen: "), result.err
    assert "\x1b" not in result.err and "Traceback" not in result.err


@pytest.mark.parametrize("command", [["stats"], ["stats", "--json"], ["schema", "edition"]])
def test_a_closed_pipe_ends_quietly(project: Path, command: list[str]) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "generator", *command],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head` that has read enough before anything came
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 0, err
    assert err == ""


def test_serve_on_a_busy_port_says_which_to_use(project: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--dev-addr", f"127.0.0.1:{port}", cwd=project)
    assert result.code == 1, result.err
    assert re.fullmatch(
        rf"coursegen: port {port} is busy: use --dev-addr 127\.0\.0\.1:\d+\n", result.err
    ), result.err


@pytest.mark.parametrize("addr", ["nonsense", "127.0.0.1:99999", "127.0.0.1:"])
def test_serve_with_a_bad_address_is_a_usage_error(project: Path, addr: str) -> None:
    result = run_cli("serve", "--dev-addr", addr, cwd=project)
    assert result.code == 2, result.err
    assert "--dev-addr" in result.err


def test_serve_on_a_project_without_the_hook(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    (root / "generator").unlink()
    result = run_cli("serve", cwd=root)
    assert result.code == 2, result.err
    assert "the hook generator/mkdocs_hooks.py named in" in result.err
    (root / "mkdocs.yml").write_text("site_name: x\n", "utf-8")
    result = run_cli("serve", cwd=root)
    assert result.code == 2, result.err
    assert "does not name coursegen's hook" in result.err


# Messages -----------------------------------------------------------------------

MINIMAL = "editions/minimal/edition.yml"


def test_control_characters_are_located_at_their_own_line(project: Path) -> None:
    (project / COURSE).write_bytes(b"title: A\nsubtitle: one\n\naudience: x\x1b[2Jy\x07\n")
    result = build(project)
    assert_refused(result, f"{COURSE}:4:12: error: the control character \\x1b is not allowed")
    assert f"{COURSE}:4:17: error: the control character \\x07" in result.err
    assert "\x1b" not in result.err and "\x07" not in result.err


def test_echoed_values_show_escape_codes_and_newlines_escaped(project: Path) -> None:
    path = project / COURSE
    text = path.read_text("utf-8").replace("  - what-it-is", '  - "what\\x1b[31mis\\nit"')
    path.write_text(text, "utf-8")
    result = run_cli("build", "--no-pdf", "--quiet", cwd=project)
    assert_refused(result, f"{COURSE}:15:5: error: 'what\\x1b[31mis\\nit' is not a valid id")
    assert "\x1b" not in result.err
    for line in result.err.splitlines():
        assert line.startswith(("content/", "    hint: ", "1 error", "2 errors")), line


def test_a_multiline_quoted_value_keeps_its_message_on_one_line(project: Path) -> None:
    path = project / "content" / "modules" / "what-it-is.yml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("id: what-it-is", 'id: "what\n  is it"', 1), "utf-8")
    result = build(project)
    assert_refused(result, "content/modules/what-it-is.yml:1:5: error: 'what is it'")


def test_an_unquoted_hex_colour_is_an_error_with_the_fix(project: Path) -> None:
    (project / MINIMAL).write_text(
        "name: X\nbranding:\n  primary_color: #7a1e48\n  accent_color:   #fff # ok?\n", "utf-8"
    )
    result = run_cli("build", "--no-pdf", "--edition", "minimal", cwd=project)
    assert_refused(
        result,
        f"{MINIMAL}:3:18: error: 'primary_color' has no value: YAML reads '#7a1e48' as a "
        "comment (at branding.primary_color)\n"
        "    hint: put the value in quotes: primary_color: '#7a1e48'",
    )
    assert f"{MINIMAL}:4:19: error: 'accent_color' has no value" in result.err


def test_a_bad_link_in_a_text_block_points_inside_the_block(project: Path) -> None:
    path = project / "content" / "modules" / "what-it-is.yml"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if line.rstrip().endswith("body: |"))
    indent = len(lines[start + 1]) - len(lines[start + 1].lstrip())
    lines.insert(start + 2, " " * indent + "See also [the list](@no-such-thing) here.\n")
    path.write_text("".join(lines), "utf-8")
    result = build(project)
    where = f"content/modules/what-it-is.yml:{start + 3}:{indent + 21}:"
    assert_refused(result, where, "'no-such-thing' is not the id of anything")


# Files an edition names ---------------------------------------------------------


def _png() -> bytes:
    """A real one-pixel PNG: the signature is checked first, then an image reader must open it."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), "white").save(buffer, format="PNG")
    return buffer.getvalue()


PNG = _png()
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10"/></svg>'
BAD_IMAGES: dict[str, tuple[str, bytes, str]] = {
    "text as png": ("logo.png", b"just some text\n", "is not a PNG image"),
    "empty png": ("logo.png", b"", "is empty"),
    "html as svg": ("logo.svg", b"<html><body>hi</body></html>", "outermost element"),
    "broken svg": ("logo.svg", b"<svg", "not well-formed"),
    "svg script": (
        "logo.svg",
        SVG.replace(b"<rect", b"<script>alert(1)</script><rect"),
        "<script>",
    ),
    "svg handler": ("logo.svg", SVG.replace(b"<rect", b'<rect onload="alert(1)"'), "'onload'"),
    "svg foreign": (
        "logo.svg",
        SVG.replace(b"<rect", b"<foreignObject><p>x</p></foreignObject><rect"),
        "<foreignobject>",
    ),
    "svg js link": (
        "logo.svg",
        SVG.replace(b"<rect", b'<a href="javascript:alert(1)"><rect').replace(
            b"</svg>", b"</a></svg>"
        ),
        "script link",
    ),
    "svg entities": (
        "logo.svg",
        b'<!DOCTYPE svg [<!ENTITY a "aaaa">]>' + SVG,
        "DTD",
    ),
    "png as jpeg": ("logo.jpg", PNG, "is not a JPEG image"),
    "text as webp": ("logo.webp", b"RIFF0000WAVE", "is not a WebP image"),
    "png named ico": ("favicon.ico", PNG, "is not an ICO image"),
}


@pytest.mark.parametrize("name", list(BAD_IMAGES))
def test_a_logo_or_icon_must_be_the_image_it_claims(project: Path, name: str) -> None:
    file, data, words = BAD_IMAGES[name]
    folder = project / "editions" / "minimal"
    (folder / file).write_bytes(data)
    kind = "favicon" if file.startswith("favicon") else "logo"
    (folder / "edition.yml").write_text(f"name: X\nbranding:\n  {kind}: {file}\n", "utf-8")
    result = run_cli("build", "--no-pdf", "--edition", "minimal", cwd=project)
    assert_refused(result, f"{MINIMAL}:3:{len(kind) + 5}: error: '{file}' ", words)


@pytest.mark.parametrize("file,data", [("logo.png", PNG), ("logo.svg", SVG)])
def test_a_real_image_is_accepted(project: Path, file: str, data: bytes) -> None:
    folder = project / "editions" / "minimal"
    (folder / file).write_bytes(data)
    (folder / "edition.yml").write_text(f"name: X\nbranding:\n  logo: {file}\n", "utf-8")
    assert run_cli("validate", "--edition", "minimal", cwd=project).code == 0


def test_a_huge_logo_is_refused_by_size(project: Path) -> None:
    folder = project / "editions" / "minimal"
    with (folder / "logo.png").open("wb") as handle:
        handle.truncate(60_000_000)
    (folder / "edition.yml").write_text("name: X\nbranding:\n  logo: logo.png\n", "utf-8")
    result = run_cli("build", "--no-pdf", "--edition", "minimal", cwd=project)
    assert_refused(result, f"{MINIMAL}:3:9: error: 'logo.png' is larger than")


def test_an_optional_text_left_empty_is_an_error(project: Path) -> None:
    (project / MINIMAL).write_text("name: X\nsubtitle:\npublishing:\n  footer:\n", "utf-8")
    result = run_cli("build", "--no-pdf", "--edition", "minimal", cwd=project)
    assert_refused(result, f"{MINIMAL}:2:10: error: 'subtitle' has no value (at subtitle)")
    assert f"{MINIMAL}:4:10: error: 'footer' has no value (at publishing.footer)" in result.err


def test_an_explicit_null_still_means_absent(project: Path) -> None:
    (project / MINIMAL).write_text("name: X\nsubtitle: null\n", "utf-8")
    assert run_cli("validate", "--edition", "minimal", cwd=project).code == 0


def test_a_file_name_with_an_escape_code_is_shown_escaped(project: Path) -> None:
    (project / "content" / "modules" / "odd\x1b[31m.yml").write_bytes(b"title: [\n")
    result = run_cli("build", "--no-pdf", "--quiet", cwd=project)
    assert result.code == 1, result.err
    assert "content/modules/odd\\x1b[31m.yml:2:1: error: YAML syntax error" in result.err
    assert "\x1b" not in result.err
