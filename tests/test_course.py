"""The shipped course: complete, and it cannot silently shrink."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from .conftest import REPO, run_cli

CONTENT = REPO / "content"

MINIMUMS = {
    "modules": 9,
    "example_pairs": 18,
    "pipeline_steps": 6,
    "question_categories": 8,
    "questions": 70,
    "message_templates": 6,
}


def load(relative: str) -> dict[str, object]:
    data = yaml.safe_load((CONTENT / relative).read_text("utf-8"))
    assert isinstance(data, dict)
    return data


def test_validates_strictly() -> None:
    result = run_cli("validate", "--strict", cwd=REPO)
    assert result.code == 0, result.err


def test_counts_hold() -> None:
    result = run_cli("stats", "--json", cwd=REPO)
    assert result.code == 0, result.err
    counts = json.loads(result.out)
    for key, least in MINIMUMS.items():
        assert counts[key] >= least, f"{key}: {counts[key]} < {least}"
    assert counts["modules"] == 9
    assert counts["pipeline_steps"] == 6
    assert counts["questions_with_probe"] * 3 >= counts["questions"]
    assert counts["closed_questions"] >= 3


def test_every_module_has_two_example_pairs_and_a_summary() -> None:
    for path in sorted((CONTENT / "modules").glob("*.yml")):
        module = yaml.safe_load(path.read_text("utf-8"))
        assert len(module["example_pairs"]) >= 2, path.name
        assert module["key_points"], path.name
        assert len(module["objectives"]) >= 2, path.name


def test_pipeline_keeps_the_seed_order() -> None:
    steps = load("pipeline.yml")["steps"]
    assert isinstance(steps, list)
    assert [s["id"] for s in steps] == [
        "prepare",
        "secure",
        "ask",
        "capitalise",
        "follow-up",
        "repeat",
    ]


def test_seed_pair_keeps_the_same_subtext_on_both_sides() -> None:
    course = load("course.yml")
    modules = course["modules"]
    assert isinstance(modules, list)
    first = load(f"modules/{modules[0]}.yml")
    pairs = first["example_pairs"]
    assert isinstance(pairs, list)
    seed = next(p for p in pairs if p["id"] == "seed-contrast")
    assert seed["bad"]["analysis"]["subtext"] == seed["good"]["analysis"]["subtext"]
    text = (CONTENT / "modules" / f"{modules[0]}.yml").read_text("utf-8").lower()
    for strategy in ("job board", "career site", "dear sir or madam"):
        assert strategy in text, strategy


def test_default_call_to_action_is_neutral() -> None:
    cta = load("course.yml")["next_steps"]
    assert isinstance(cta, dict)
    assert "email" not in cta and "link_url" not in cta


def test_built_site_shows_all_modules(tmp_path: Path) -> None:
    from .conftest import make_project

    root = make_project(tmp_path / "p", CONTENT)
    result = run_cli("build", "-q", cwd=root)
    assert result.code == 0, result.err
    site = root / "build" / "default" / "site"
    modules = load("course.yml")["modules"]
    assert isinstance(modules, list)
    for ident in modules:
        html = (site / "modules" / f"{ident}.html").read_text("utf-8")
        assert html.count('class="cg-pair"') >= 2, ident
        assert "<dt>Likely outcome</dt>" in html
    assert (site / "pipeline.html").read_text("utf-8").count('class="cg-pipeline__step"') == 6
