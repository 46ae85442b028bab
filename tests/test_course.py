"""The shipped course: complete, and it cannot silently shrink."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.channels import message_length

from .conftest import REPO, run_cli
from .originality import SEED, course_files, shared_runs

CONTENT = REPO / "content"

# The article the course is built from lives beside the project, not in it: a
# fresh clone (CI, a new machine) has no copy, and the originality checks skip.
needs_article = pytest.mark.skipif(
    not SEED.is_file(), reason=f"the source article is not here: {SEED}"
)

MINIMUMS = {
    "modules": 9,
    "example_pairs": 18,
    "pipeline_steps": 6,
    "question_categories": 8,
    "questions": 70,
    "message_templates": 6,
    "quiz_items": 54,
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
    assert counts["modules"] == 11  # the six steps, their framing, nerves, the senior search
    # Every track keeps a course of its own.
    for track in ("early_career", "career_changer", "executive"):
        assert counts[f"{track}_modules"] >= 9, track
        assert counts[f"{track}_quiz_items"] >= 54, track
    assert counts["pipeline_steps"] == 6
    assert counts["questions_with_probe"] * 3 >= counts["questions"]
    assert counts["closed_questions"] >= 3
    for kind in ("single", "multiple", "true_false", "which_is_better", "best_next_action"):
        assert counts[f"quiz_items_{kind}"] >= 1, kind
    for kind in ("ordering", "classify", "reflection"):
        assert counts[f"quiz_items_{kind}"] >= 1, kind


def test_which_is_better_items_compare_versions_written_for_the_quiz() -> None:
    # A learner who has just seen a pair marked right and wrong would only
    # recall the mark; quiz versions are new scripts with their shared subtext.
    for path in sorted((CONTENT / "quizzes").glob("*.yml")):
        for item in yaml.safe_load(path.read_text("utf-8"))["items"]:
            if item["type"] == "which-is-better":
                assert "pair" not in item, (path.name, item["id"])
                assert item.get("subtext"), (path.name, item["id"])


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
    assert "looking for a job" in seed["subtext"].lower()
    assert "subtext" not in seed["bad"]["analysis"]
    assert "subtext" not in seed["good"]["analysis"]
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


@needs_article
def test_no_run_of_eight_words_is_taken_from_the_article() -> None:
    # Only the article's two example dialogues may be quoted.
    hits = shared_runs(course_files())
    assert hits == [], "\n".join(f"{f}: {p}: {r}" for f, p, r in hits[:20])


@needs_article
def test_the_check_finds_a_borrowed_sentence(tmp_path: Path) -> None:
    borrowed = tmp_path / "module.yml"
    borrowed.write_text(
        "body: Be service-focused, and give as much as you take (or ask for), always.\n"
        'quote: "How did you get into the role you currently have?"\n',
        "utf-8",
    )
    hits = shared_runs([borrowed], root=tmp_path)
    assert [path for _, path, _ in hits] == ["body"] * len(hits) and hits


def test_every_example_pair_has_one_subtext_at_the_pair_level() -> None:
    for path in course_files():
        text = path.read_text("utf-8")
        data = yaml.safe_load(text)
        for pair in _pairs(data):
            assert isinstance(pair.get("subtext"), str), (path.name, pair.get("id"))
            for side in ("bad", "good"):
                assert "subtext" not in pair[side]["analysis"], (path.name, pair["id"])


def test_every_linkedin_note_fits_a_free_account() -> None:
    result = run_cli("validate", "--strict", cwd=REPO)
    assert "linkedin-note" not in result.err
    messages = load("messages.yml")["templates"]
    assert isinstance(messages, list)
    notes = [t for t in messages if t.get("channel") == "linkedin-note"]
    assert notes, "the course ships a LinkedIn connection note"
    for note in notes:
        assert message_length(note["body"]) <= 200, note["id"]


def _pairs(value: object) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(value, dict):
        if isinstance(value.get("bad"), dict) and isinstance(value.get("good"), dict):
            found.append(value)
        for item in value.values():
            found += _pairs(item)
    elif isinstance(value, list):
        for item in value:
            found += _pairs(item)
    return found
