"""Golden cases for validation messages: input edits and the exact output.

Each file in golden/validate/ holds a description, edits applied to a copy of the
sample course (``replace``: file -> [[old, new], ...]; ``write``: file -> text),
the expected exit code and the exact stderr. Re-record with
``pytest tests/test_validate_golden.py --update-goldens`` and review the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .conftest import FIXTURES, make_project, run_cli

GOLDEN = Path(__file__).parent / "golden" / "validate"
CASES = sorted(GOLDEN.glob("*.yml"))


def _apply(root: Path, case: dict[str, object]) -> None:
    replace = case.get("replace") or {}
    assert isinstance(replace, dict)
    for name, pairs in replace.items():
        path = root / name
        text = path.read_text("utf-8")
        for old, new in pairs:
            assert old in text, f"{name}: {old!r} not found in the sample"
            text = text.replace(old, new, 1)
        path.write_text(text, "utf-8")
    write = case.get("write") or {}
    assert isinstance(write, dict)
    for name, text in write.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")


class _Literal(str):
    pass


def _literal(dumper: yaml.SafeDumper, data: _Literal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style="|")


yaml.SafeDumper.add_representer(_Literal, _literal)


@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_golden(case_file: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    case = yaml.safe_load(case_file.read_text("utf-8"))
    root = make_project(tmp_path / "p", FIXTURES / "sample" / "content")
    _apply(root, case)
    args = case.get("args", ["validate"])
    result = run_cli(*args, cwd=root)
    if request.config.getoption("--update-goldens"):
        case["exit"] = result.code
        case["stderr"] = _Literal(result.err)
        case_file.write_text(
            yaml.safe_dump(case, sort_keys=False, allow_unicode=True, width=100), "utf-8"
        )
        return
    assert result.err == case["stderr"]
    assert result.code == case["exit"]
    assert "Traceback" not in result.err


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 10
