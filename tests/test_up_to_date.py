"""A build that would change nothing is not run (``up_to_date``), and only then.

Real builds of the sample without PDFs (the stamp works the same with them):
the second build answers "up to date" and writes nothing; any change to what a
build reads or to what the last one wrote makes the next one build again, and
give what a build from nothing gives; warnings are said again; a damaged stamp
is a rebuild, never an error.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.build import build_edition
from generator.check import Overrides
from generator.core.errors import Location, Problem, Severity
from generator.up_to_date import Request, fresh, inputs_digest, stamp_bytes, stamp_path
from generator.write import read_tree

from .conftest import FIXTURES, Result, make_project, run_cli

UP_TO_DATE = "up to date"


def build(root: Path, *args: str) -> Result:
    result = run_cli("build", "--no-pdf", *args, cwd=root)
    assert result.code == 0, result.err
    return result


def mtimes(folder: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample built once without PDFs, with its stamp."""
    root = make_project(tmp_path_factory.mktemp("stamp") / "p", FIXTURES / "sample" / "content")
    first = build(root)
    assert UP_TO_DATE not in first.err
    assert stamp_path(root, "default") is not None
    return root


@pytest.fixture
def project(built: Path, tmp_path: Path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(built, root, symlinks=True)
    return root


def output(root: Path) -> dict[str, bytes]:
    return read_tree(root / "build" / "default")


def test_a_second_build_is_up_to_date_and_writes_nothing(project: Path) -> None:
    before = mtimes(project / "build")
    again = build(project)
    assert f"default: {UP_TO_DATE}, {project / 'build/default/site/index.html'}" in again.err
    assert "built" not in again.err
    assert mtimes(project / "build") == before
    assert build(project, "--quiet").err == ""


def test_the_library_answers_up_to_date_too(project: Path) -> None:
    result = build_edition(project, pdf=False)
    assert result.up_to_date
    assert result.output == project / "build" / "default"


@pytest.mark.parametrize(
    "change",
    [
        "edit a module",
        "add a file to content",
        "remove a file from content",
        "add an edition folder",
        "add a template",
        "edit mkdocs.yml",
    ],
)
def test_any_change_to_what_a_build_reads_builds_again(project: Path, change: str) -> None:
    content = project / "content"
    module = sorted((content / "modules").glob("*.yml"))[0]
    if change == "edit a module":
        module.write_text(module.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    elif change == "add a file to content":
        (content / "notes.txt").write_text("draft", encoding="utf-8")
    elif change == "remove a file from content":
        (content / "notes.txt").write_text("draft", encoding="utf-8")
        build(project)
        (content / "notes.txt").unlink()
    elif change == "add an edition folder":
        (project / "editions" / "later").mkdir(parents=True)
        (project / "editions" / "later" / "notes.txt").write_text("draft", encoding="utf-8")
    elif change == "add a template":
        (project / "templates").mkdir()
        (project / "templates" / "unused.html").write_text("<p></p>", encoding="utf-8")
    else:
        config = project / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    again = build(project)
    assert UP_TO_DATE not in again.err
    assert "default: built" in again.err


@pytest.mark.parametrize(
    "args",
    [("--strict",), ("--language", "fr"), ("--paper", "letter"), ("--site-url", "https://a.test/")],
)
def test_another_request_builds_again(project: Path, args: tuple[str, ...]) -> None:
    assert UP_TO_DATE not in build(project, *args).err
    assert UP_TO_DATE in build(project, *args).err
    assert UP_TO_DATE not in build(project).err


def test_a_full_build_after_one_without_pdfs_builds_again(project: Path) -> None:
    result = run_cli("build", cwd=project)
    assert result.code == 0, result.err
    assert UP_TO_DATE not in result.err
    assert any(name.startswith("pdf/") for name in output(project))


def test_another_source_date_builds_again(project: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1700000000"}
    result = run_cli("build", "--no-pdf", cwd=project, env=env)
    assert result.code == 0 and UP_TO_DATE not in result.err


@pytest.mark.parametrize("change", ["edit", "remove", "add", "link"])
def test_a_touched_output_folder_is_built_again_as_it_was(project: Path, change: str) -> None:
    clean = output(project)
    page = project / "build" / "default" / "site" / "index.html"
    if change == "edit":
        page.write_bytes(page.read_bytes().replace(b"<body", b"<body data-x", 1))
    elif change == "remove":
        page.unlink()
    elif change == "add":
        (page.parent / "extra.html").write_text("<p>left here</p>", encoding="utf-8")
    else:
        page.unlink()
        page.symlink_to(project / "mkdocs.yml")
    again = build(project)
    assert UP_TO_DATE not in again.err
    assert output(project) == clean


@pytest.mark.parametrize(
    "damage",
    [b"", b"{not json", b"[]", b'{"format": "other"}', b'{"format": "coursegen-stamp 1"}'],
)
def test_a_damaged_stamp_is_a_rebuild_not_an_error(project: Path, damage: bytes) -> None:
    stamp = stamp_path(project, "default")
    assert stamp is not None
    stamp.write_bytes(damage)
    again = build(project)
    assert UP_TO_DATE not in again.err and "Traceback" not in again.err
    assert UP_TO_DATE in build(project).err


def test_a_stamp_with_foreign_warnings_is_a_rebuild(project: Path) -> None:
    stamp = stamp_path(project, "default")
    assert stamp is not None
    data = json.loads(stamp.read_bytes())
    data["warnings"] = [{"file": 1}]
    stamp.write_text(json.dumps(data), encoding="utf-8")
    assert UP_TO_DATE not in build(project).err


def test_the_warnings_of_the_last_build_are_said_again(project: Path) -> None:
    messages = project / "content" / "messages.yml"
    text = messages.read_text("utf-8")
    # A placeholder described but never used is a warning: the course still builds.
    spare = "    placeholders:\n      spare: Never used.\n"
    messages.write_text(text.replace("    placeholders:\n", spare, 1), "utf-8")
    first = build(project)
    assert ": warning: " in first.err
    again = build(project)
    assert UP_TO_DATE in again.err
    said = [line for line in first.err.splitlines() if ": warning: " in line or "hint:" in line]
    assert said and said == [
        line for line in again.err.splitlines() if ": warning: " in line or "hint:" in line
    ]
    assert ": warning: " in build(project, "--quiet").err


def test_no_cache_neither_reads_nor_writes_the_stamp(project: Path) -> None:
    stamp = stamp_path(project, "default")
    assert stamp is not None
    before = stamp.read_bytes()
    result = build(project, "--no-cache")
    assert UP_TO_DATE not in result.err and "default: built" in result.err
    assert stamp.read_bytes() == before


def test_only_the_plain_forms_of_build_take_the_short_way(project: Path) -> None:
    for args in (("--all",), ("--edition=default",), ("--root", str(project), "-q")):
        result = run_cli("build", "--no-pdf", *args, cwd=project)
        assert result.code == 0, result.err
    # An abbreviation or an unknown word goes to the full command line, which checks it,
    # as does an empty value, which is not the default.
    assert run_cli("build", "--no-pdf", "--bogus", cwd=project).code == 2
    assert run_cli("build", "--no-pdf", "--edition", "", cwd=project).code == 2
    assert UP_TO_DATE in build(project, "--edition=default").err


def test_the_digest_follows_hooks_and_the_request(project: Path) -> None:
    request = Request("default", pdf=False)
    first = inputs_digest(project, request)
    assert inputs_digest(project, Request("default")) != first
    hook = project / "hooks.py"
    hook.write_text("# one\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "  - hooks.py\n", encoding="utf-8")
    with_hook = inputs_digest(project, request)
    hook.write_text("# two\n", encoding="utf-8")
    assert inputs_digest(project, request) not in (first, with_hook)


def test_a_stamp_is_refused_for_names_no_build_has(project: Path) -> None:
    assert stamp_path(project, "../default") is None
    assert stamp_path(project, "Default") is None
    assert fresh(project, Request("../default")) is None
    overrides = Overrides(language="fr")
    assert build_edition(project, pdf=False, overrides=overrides).up_to_date is False


def test_warnings_survive_the_stamp(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    (folder / "a").mkdir(parents=True)
    (folder / "a" / "b.txt").write_text("x", encoding="utf-8")
    problem = Problem(Location("content/m.yml", 3, 5), "odd", ("a", 0), "fix", Severity.WARNING)
    data = stamp_bytes("digest", folder, [problem])
    assert data is not None
    stamp = json.loads(data)
    assert stamp["files"] == {"a/b.txt": [1, stamp["files"]["a/b.txt"][1]]}
    (folder / "c").symlink_to(folder / "a" / "b.txt")
    assert stamp_bytes("digest", folder, [problem]) is None


def test_build_all_skips_the_editions_that_are_up_to_date(project: Path) -> None:
    first = run_cli("build", "--all", "--no-pdf", cwd=project)
    assert first.code == 0, first.err
    again = run_cli("build", "--all", "--no-pdf", cwd=project)
    assert again.code == 0, again.err
    assert "  default: up to date" in again.err
    assert "checking the course" not in again.err
    module = sorted((project / "content" / "modules").glob("*.yml"))[0]
    module.write_text(module.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    third = run_cli("build", "--all", "--no-pdf", cwd=project)
    assert third.code == 0, third.err
    assert "  default: built" in third.err
