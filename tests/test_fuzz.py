"""Mutated content and edition files never crash coursegen and are always located.

Byte flips, deleted, duplicated and re-indented lines are applied to real files
of the sample course and of the richest shipped edition; ``coursegen validate``
runs in-process (a subprocess per example would cost most of the time budget).
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.cli import main

from .conftest import REPO, make_project

LOCATED = re.compile(r"^(?:content|editions)/[\w./-]+\.yml:\d+:\d+: (?:error|warning): ")
TARGETS = [
    "content/course.yml",
    "content/modules/what-it-is.yml",
    "content/modules/secure-the-meeting.yml",
    "content/questions.yml",
    "content/quizzes/what-it-is.yml",
    "content/worksheets/debrief.yml",
    "editions/northstar/edition.yml",
]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_project(tmp_path_factory.mktemp("fuzz") / "p", REPO / "content")
    shutil.copytree(REPO / "editions" / "northstar", root / "editions" / "northstar")
    return root


@st.composite
def mutation(draw: st.DrawFn, original: bytes) -> bytes:
    lines = original.splitlines(keepends=True)
    kind = draw(st.sampled_from(["flip", "delete", "duplicate", "indent", "insert"]))
    if kind == "flip":
        position = draw(st.integers(0, len(original) - 1))
        byte = draw(st.integers(0, 255))
        return original[:position] + bytes([byte]) + original[position + 1 :]
    if kind == "insert":
        position = draw(st.integers(0, len(original)))
        text = draw(st.sampled_from([": ", "- ", "#", "&a ", "*a", "!!int ", "{", "[", '"', "\t"]))
        return original[:position] + text.encode() + original[position:]
    index = draw(st.integers(0, len(lines) - 1))
    if kind == "delete":
        del lines[index]
    elif kind == "duplicate":
        lines.insert(index, lines[index])
    else:
        shift = draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))
        line = lines[index]
        lines[index] = b" " * shift + line if shift > 0 else line[min(-shift, len(line)) :]
    return b"".join(lines)


def run(root: Path, *args: str) -> tuple[int, str]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = main([*args, "--root", str(root)])
    return code, err.getvalue()


@settings(
    derandomize=True,
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_files_give_located_messages(project: Path, data: st.DataObject) -> None:
    target = data.draw(st.sampled_from(TARGETS))
    path = project / target
    original = path.read_bytes()
    mutated = data.draw(mutation(original))
    path.write_bytes(mutated)
    try:
        edition = "northstar" if target.startswith("editions/") else "default"
        code, err = run(project, "validate", "--edition", edition)
    finally:
        path.write_bytes(original)
    assert code in (0, 1, 2), err
    assert "Traceback" not in err and "internal error" not in err, err
    for line in err.splitlines():
        if ": error: " in line or ": warning: " in line:
            assert LOCATED.match(line), line
