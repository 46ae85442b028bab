"""Hostile input, end to end: real files, the real CLI, and the last good build untouched.

Every case gives exit 1 (or 2 for usage), a message that names file:line:col, no
traceback, and leaves ``build/default`` byte-identical.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import FIXTURES, Result, make_project, run_cli

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
    result = run_cli("build", "--no-pdf", "--quiet", cwd=root)
    assert result.code == 0, result.err
    return Built(root, tree_digest(root / "build"))


@pytest.fixture
def project(built: Built) -> Iterator[Path]:
    """The built project; every file a case changes is put back afterwards."""
    content = built.root / "content"
    before = {p: p.read_bytes() for p in content.rglob("*") if p.is_file()}
    yield built.root
    for path in list(content.rglob("*")):
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
