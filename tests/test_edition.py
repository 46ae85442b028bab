"""Coach editions: the shipped samples, --all, new-edition, and the coach's copy flow."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from .conftest import REPO, make_project, run_cli


@pytest.fixture(scope="module")
def all_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped course and both sample editions, built with --all."""
    root = make_project(tmp_path_factory.mktemp("editions") / "p", REPO / "content")
    shutil.copytree(REPO / "editions", root / "editions")
    result = run_cli("build", "--all", cwd=root)
    assert result.code == 0, result.err
    assert "3 of 3 editions built" in result.err
    return root / "build"


def site_text(build: Path, slug: str) -> str:
    site = build / slug / "site"
    return "\n".join(p.read_text("utf-8") for p in sorted(site.rglob("*.html")))


def test_all_builds_each_edition_in_its_own_folder(all_built: Path) -> None:
    assert sorted(p.name for p in all_built.iterdir()) == ["default", "minimal", "northstar"]
    for slug in ("default", "minimal", "northstar"):
        assert (all_built / slug / "site" / "index.html").is_file()


def test_brand_name_and_call_to_action(all_built: Path) -> None:
    home = (all_built / "northstar" / "site" / "index.html").read_text("utf-8")
    assert "Northstar Career Coaching" in home
    assert "Practise with a Northstar coach" in home
    assert 'href="https://northstar.example/book"' in home
    module = (all_built / "northstar" / "site" / "modules" / "what-it-is.html").read_text("utf-8")
    assert "Practise with a Northstar coach" in module
    minimal = (all_built / "minimal" / "site" / "index.html").read_text("utf-8")
    assert "Next steps with Rivera Coaching" in minimal
    assert "mailto:ana@rivera-coaching.example" in minimal


def test_default_edition_is_untouched_by_editions(all_built: Path) -> None:
    text = site_text(all_built, "default")
    assert "Northstar" not in text
    assert "Rivera" not in text


def test_brand_colours_logo_and_language(all_built: Path) -> None:
    site = all_built / "northstar" / "site"
    css = (site / "assets" / "edition.css").read_text("utf-8")
    assert "--md-primary-fg-color: #0b5394;" in css
    assert "--md-accent-fg-color: #b45f06;" in css
    home = (site / "index.html").read_text("utf-8")
    assert '<html lang="es"' in home
    assert "assets/edition.css" in home
    assert (site / "assets" / "brand" / "logo.svg").is_file()
    assert 'src="assets/brand/logo.svg"' in home
    module = (site / "modules" / "ask-open-ended-questions.html").read_text("utf-8")
    assert "<dt>Resultado probable</dt>" in module
    assert "No es una entrevista informativa" in module
    assert "Módulo 4:" in module


def test_excluded_module_is_gone_everywhere(all_built: Path) -> None:
    site = all_built / "northstar" / "site"
    assert not (site / "modules" / "adapt-to-your-situation.html").exists()
    assert "adapt-to-your-situation" not in site_text(all_built, "northstar")
    index = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
    assert not any("adapt-to-your-situation" in doc["location"] for doc in index["docs"])


def test_modules_are_reordered_and_added(all_built: Path) -> None:
    nav = (all_built / "northstar" / "docs" / "mkdocs.yml").read_text("utf-8")
    give = nav.index("modules/give-as-much-as-you-take.md")
    follow = nav.index("modules/follow-up-and-thank.md")
    assert give < follow
    assert "modules/northstar-practice-lab.md" in nav
    lab = all_built / "northstar" / "site" / "modules" / "northstar-practice-lab.html"
    assert "Practice lab with your coach" in lab.read_text("utf-8")


def test_hidden_and_added_items(all_built: Path) -> None:
    site = all_built / "northstar" / "site"
    questions = (site / "questions.html").read_text("utf-8")
    assert 'id="q-open-exec-agenda"' not in questions
    assert 'id="q-northstar-first-week"' in questions
    assert 'id="q-northstar-best-advice"' in questions
    default_questions = (all_built / "default" / "site" / "questions.html").read_text("utf-8")
    assert 'id="q-open-exec-agenda"' in default_questions
    module = (site / "modules" / "ask-open-ended-questions.html").read_text("utf-8")
    assert 'id="northstar-career-fair"' in module


def test_overrides_replace_single_fields(all_built: Path) -> None:
    site = all_built / "northstar" / "site"
    module = (site / "modules" / "secure-the-meeting.html").read_text("utf-8")
    assert "In your second Northstar" in module
    assert "What a good request contains" in module  # the rest of the module is kept
    messages = (site / "messages.html").read_text("utf-8")
    assert "practice lab" in messages


def test_footer_and_licence(all_built: Path) -> None:
    home = (all_built / "northstar" / "site" / "index.html").read_text("utf-8")
    assert "© 2026 Northstar Career Coaching" in home
    assert "please do not redistribute" in home


def test_one_failing_edition_does_not_stop_the_others(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", REPO / "tests" / "fixtures" / "sample" / "content")
    (root / "editions" / "good").mkdir(parents=True)
    (root / "editions" / "good" / "edition.yml").write_text("name: Good Coach\n", "utf-8")
    (root / "editions" / "bad").mkdir(parents=True)
    (root / "editions" / "bad" / "edition.yml").write_text("name: Bad\nhide: [nothing]\n")
    result = run_cli("build", "--all", cwd=root)
    assert result.code == 1
    assert "editions/bad/edition.yml:2:8: error: 'nothing' (to hide)" in result.err
    assert "2 of 3 editions built" in result.err
    assert "  bad: FAILED" in result.err
    assert (root / "build" / "good" / "site" / "index.html").is_file()
    assert (root / "build" / "default" / "site" / "index.html").is_file()
    assert not (root / "build" / "bad").exists()


def test_new_edition_scaffold_builds_as_is(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", REPO / "content")
    made = run_cli("new-edition", "jane-doe", "--name", "Jane Doe: Careers", cwd=root)
    assert made.code == 0, made.err
    text = (root / "editions" / "jane-doe" / "edition.yml").read_text("utf-8")
    assert text.count("\n#") > 20  # commented for the coach
    built = run_cli("build", "--edition", "jane-doe", "-q", cwd=root)
    assert built.code == 0, built.err
    home = (root / "build" / "jane-doe" / "site" / "index.html").read_text("utf-8")
    assert "Jane Doe: Careers" in home
    again = run_cli("new-edition", "jane-doe", cwd=root)
    assert again.code == 1 and "already exists" in again.err


@pytest.mark.parametrize("slug", ["default", "Bad Name", "../escape"])
def test_new_edition_refuses_bad_names(slug: str, sample: Path) -> None:
    result = run_cli("new-edition", slug, cwd=sample)
    assert result.code == 2
    assert not (sample / "editions").exists()


def test_coach_copies_minimal_and_builds(tmp_path: Path) -> None:
    root = make_project(tmp_path / "p", REPO / "content")
    shutil.copytree(REPO / "editions" / "minimal", root / "editions" / "ana")
    edition = root / "editions" / "ana" / "edition.yml"
    text = edition.read_text("utf-8").replace("Rivera Coaching", "Ana Lima Coaching")
    edition.write_text(text, "utf-8")
    result = run_cli("build", "--edition", "ana", "-q", cwd=root)
    assert result.code == 0, result.err
    home = (root / "build" / "ana" / "site" / "index.html").read_text("utf-8")
    assert "Next steps with Ana Lima Coaching" in home


def test_logo_path_leaving_the_folder_is_refused(sample: Path) -> None:
    folder = sample / "editions" / "coach"
    folder.mkdir(parents=True)
    (folder / "edition.yml").write_text("name: C\nbranding:\n  logo: ../../secret.svg\n")
    (sample / "secret.svg").write_text("<svg/>")
    result = run_cli("build", "--edition", "coach", cwd=sample)
    assert result.code == 1
    assert "editions/coach/edition.yml:3:9: error: '../../secret.svg' points outside" in result.err
    assert not (sample / "build" / "coach").exists()


def test_link_out_of_the_folder_is_refused(sample: Path) -> None:
    folder = sample / "editions" / "coach"
    folder.mkdir(parents=True)
    (sample / "secret.svg").write_text("<svg/>")
    (folder / "logo.svg").symlink_to(sample / "secret.svg")
    (folder / "edition.yml").write_text("name: C\nbranding:\n  logo: logo.svg\n")
    result = run_cli("validate", "--edition", "coach", cwd=sample)
    assert result.code == 1
    assert "is a link that leads outside the edition folder" in result.err


def test_schema_for_editions_is_committed() -> None:
    assert (REPO / "schema" / "edition.schema.json").is_file()


def test_edition_applies_to_quizzes(sample: Path) -> None:
    folder = sample / "editions" / "coach"
    folder.mkdir(parents=True)
    (folder / "edition.yml").write_text(
        """\
name: Coach
exclude: [secure-meeting]
hide: [seed-opening, paper-strategies]
add:
  into:
    what-it-is:
      quiz:
        - id: coach-extra
          type: true-false
          prompt: A coach's own statement to judge.
          answer: true
          if_true: Right.
          if_false: Look again.
          explanation: Added by the coach.
          teaches: people-hire-people
""",
        "utf-8",
    )
    result = run_cli("build", "--edition", "coach", cwd=sample)
    assert result.code == 0, result.err
    assert (
        "content/quizzes/what-it-is.yml:5:9: warning: this quiz item needs 'seed-opening'"
        in result.err
    )
    site = sample / "build" / "coach" / "site"
    page = (site / "modules" / "what-it-is.html").read_text("utf-8")
    assert 'id="coach-extra"' in page
    assert 'id="paper-strategies"' not in page
    assert 'id="opening-better"' not in page
    assert 'id="same-subtext"' not in page  # it teaches from the hidden pair
    assert 'id="who-to-learn-from"' in page
    assert not (site / "modules" / "secure-meeting.html").exists()
    export = sample / "build" / "coach" / "export"
    gift = (export / "quizzes-gift.txt").read_text("utf-8")
    assert "coach-extra" in gift
    assert "paper-strategies" not in gift
    assert "opening-better" not in gift
    key = (site / "answer-key.html").read_text("utf-8")
    assert "paper-strategies" not in key and "coach-extra" in key


def test_sample_edition_quizzes(all_built: Path) -> None:
    site = all_built / "northstar" / "site"
    page = (site / "modules" / "ask-open-ended-questions.html").read_text("utf-8")
    assert "Comprobar mis respuestas" in page
    assert 'id="northstar-fair-quiz"' in page
    assert 'id="openq-longer-meeting-flow"' not in page
    assert 'id="openq-probe-pair"' in page
    key = (site / "answer-key.html").read_text("utf-8")
    assert "openq-longer-meeting-flow" not in key
    assert "adapt-" not in (all_built / "northstar" / "export" / "quizzes-gift.txt").read_text()
    default_gift = (all_built / "default" / "export" / "quizzes-gift.txt").read_text("utf-8")
    assert "adapt-" in default_gift and "openq-longer-meeting-flow" in default_gift
