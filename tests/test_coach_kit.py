"""The coach kit (``content/coach/<module>.yml``) and the learners' sources page
(``content/sources.yml``): real builds of the sample course with two small kits,
their PDFs read with pypdf, the site searched for any trace of the kit, and the
located errors bad kits get."""

from __future__ import annotations

import io
import itertools
import re
import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader

from .conftest import FIXTURES, REPO, make_project, run_cli

KIT = """\
# yaml-language-server: $schema=../../schema/coach.schema.json
module: {module}
session:
  minutes: 60
  goal: Learners can write a first request that asks for ten minutes.
  prepare: |
    - Print the role-play cards, one set per pair of learners.
  steps:
    - title: Warm-up on the last job you heard about
      kind: warm-up
      minutes: 10
      body: Ask each learner how they heard about their last job.
    - title: Why ten minutes works
      kind: teach
      minutes: 15
      body: Walk through the small ask and why it is easy to accept.
    - title: The alumni call
      kind: role-play
      minutes: 20
      body: Pairs play the first role play, then swap.
    - title: What we'd keep
      kind: debrief
      minutes: 10
      body: Each pair names one thing that worked.
    - title: One request by Friday
      kind: wrap-up
      minutes: 5
      body: Each learner commits to sending one request.
role_plays:
  - id: {prefix}-rp-alumni-call
    title: A first call with an alum {mark}
    learner: You found an alum of your college who works where you would like to work.
    contact: >-
      You are a busy product lead, friendly but short of time.
      Curve ball, ask what they actually want.
    watch_for:
      - Asks for 10 minutes, not a quick coffee.
      - Names a broad window in the contact's time zone.
      - Thanks the contact before closing.
  - id: {prefix}-rp-silence
    title: When the contact goes quiet
    learner: Your contact answers every question in a few words.
    contact: You are tired after a long day and answer briefly. Curve ball, go silent once.
    watch_for:
      - Lets the silence sit for a moment.
      - Asks an open question about the contact's path.
      - Offers to end on time.
rubric:
  title: Marking a first request
  applies_to: outreach-request
  criteria:
    - name: Length and ask
      strong: Under 150 words; asks for 10 minutes.
      adequate: Asks for a short call but names no length.
      weak: Asks for a job or 30 minutes.
    - name: '"Why me?" answered'
      strong: Names something specific the person did.
      adequate: Names their role only.
      weak: Could be sent to anyone.
    - name: Easy to say yes
      strong: Offers a broad window in their time zone.
      adequate: Offers one fixed time.
      weak: Leaves all the work to them.
    - name: Tone
      strong: Warm and plain.
      adequate: Stiff but polite.
      weak: Reads like a cover letter.
"""

SOURCES = """\
title: Sources
intro: Where the facts of this course come from.
groups:
  - title: University career centres
    sources:
      - title: 'The "informational interviewing" guide'
        publisher: A university's career centre
        url: "https://careers.example.edu/guides/entrevista-é?a=1&b=\\"2\\"<x>"
        note: The *ten-minute* ask.
      - title: A book without an address
"""


def with_kits(dest: Path, edition: str = "") -> Path:
    root = make_project(dest, FIXTURES / "sample" / "content")
    coach = root / "content" / "coach"
    coach.mkdir()
    (coach / "what-it-is.yml").write_text(
        KIT.format(module="what-it-is", prefix="wii", mark="CARDMARK"), "utf-8"
    )
    (coach / "secure-meeting.yml").write_text(
        KIT.format(module="secure-meeting", prefix="sm", mark=""), "utf-8"
    )
    (root / "content" / "sources.yml").write_text(SOURCES, "utf-8")
    if edition:
        folder = root / "editions" / "coachco"
        folder.mkdir(parents=True)
        (folder / "edition.yml").write_text(edition, "utf-8")
    return root


def pdf_text(path: Path) -> str:
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


EDITION = """\
name: Brightpath Coaching
publishing:
  coach_kit: {where}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = with_kits(tmp_path_factory.mktemp("kits") / "p", EDITION.format(where="coach"))
    result = run_cli("build", "--quiet", "--edition", "coachco", cwd=root)
    assert result.code == 0, result.err
    return root / "build" / "coachco"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_kit_pdfs_in_both_sizes_hold_plan_cards_rubric_and_brand(built: Path, paper: str) -> None:
    coach = built / "coach"
    for module in ("what-it-is", "secure-meeting"):
        assert (coach / f"coach-kit-{module}-{paper}.pdf").is_file()
    reader = PdfReader(io.BytesIO((coach / f"coach-kit-{paper}.pdf").read_bytes()))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/Lang"] == "en"
    assert (reader.metadata or {}).get("/Title") == "Coach kit \N{EN DASH} Informational Interviews"
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline == [
        "Module 1: What an informational interview is, and is not",
        "Module 2: Secure the meeting",
    ]
    text = pdf_text(coach / f"coach-kit-what-it-is-{paper}.pdf")
    assert "Brightpath Coaching" in text
    # The session plan as a timed table.
    assert "Time Minutes Step What you do" in text
    assert "0:10\N{EN DASH}0:25 15 Why ten minutes works" in text
    # Both cards of a role play, each saying whom it is for, and the coach's list.
    assert "For the learner A first call with an alum CARDMARK" in text
    assert "For the person playing the contact: keep it from the learner" in text
    assert "Curve ball, ask what they actually want." in text
    assert "For the learner When the contact goes quiet" in text
    assert "For the coach: what to watch for" in text
    # The rubric: a row per criterion, a column each for strong, adequate, weak.
    assert "Criterion Strong Adequate Weak" in text
    assert "Length and ask Under 150 words; asks for 10 minutes." in text
    assert "Rubric: Marking a first request Marks: Outreach request" in text
    assert "Module 2" not in text  # one module's kit only
    # One-line titles get typographic quotes, like the worksheets' labels.
    assert "0:45\N{EN DASH}0:55 10 What we\N{RIGHT SINGLE QUOTATION MARK}d keep" in text
    assert "\N{LEFT DOUBLE QUOTATION MARK}Why me?\N{RIGHT DOUBLE QUOTATION MARK} answered" in text
    assert '"Why me?"' not in text and "we'd" not in text


def test_kit_stays_off_the_learner_site_by_default(built: Path) -> None:
    coach = sorted(p.name for p in (built / "coach").iterdir() if "coach-kit" in p.name)
    assert "coach-kit.html" in coach and len(coach) == 7
    assert "CARDMARK" in (built / "coach" / "coach-kit.html").read_text("utf-8")
    assert not list((built / "pdf").glob("coach-kit*"))
    for path in (built / "site").rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".xml", ".js", ".txt"):
            text = path.read_text("utf-8")
            assert "coach-kit" not in text and "CARDMARK" not in text, path
            assert "Coach kit" not in text and "For coaches" not in text, path
        assert "coach-kit" not in path.name


def test_sources_page_is_last_in_the_nav_with_encoded_addresses(built: Path) -> None:
    page = (built / "site" / "sources.html").read_text("utf-8")
    assert (
        'href="https://careers.example.edu/guides/entrevista-%C3%A9?a=1&amp;b=%222%22%3Cx%3E"'
        in page
    )
    assert "<em>ten-minute</em>" in page and "A book without an address" in page
    # Titles and publishers get typographic quotes, as the notes do through Markdown.
    assert "The \u201cinformational interviewing\u201d guide" in page
    assert "A university\u2019s career centre" in page
    home = (built / "site" / "index.html").read_text("utf-8")
    assert 'href="sources.html"' in home
    config = yaml.safe_load((built / "docs" / "mkdocs.yml").read_text("utf-8"))
    assert config["nav"][-1] == {"Sources": "sources.md"}


def test_published_kit_gets_a_page_linking_the_pdfs(tmp_path: Path) -> None:
    root = with_kits(tmp_path / "p", EDITION.format(where="site"))
    result = run_cli("build", "--quiet", "--edition", "coachco", cwd=root)
    assert result.code == 0, result.err
    site = root / "build" / "coachco" / "site"
    page = (site / "coach-kit.html").read_text("utf-8")
    assert 'href="pdf/coach-kit-a4.pdf"' in page
    assert 'href="pdf/coach-kit-secure-meeting-letter.pdf"' in page
    assert (site / "pdf" / "coach-kit-what-it-is-a4.pdf").is_file()
    assert "For coaches" in (site / "index.html").read_text("utf-8")


def test_a_course_without_sources_has_no_sources_page(built_sample: Path) -> None:
    assert not (built_sample / "site" / "sources.html").exists()
    assert "sources.html" not in (built_sample / "site" / "index.html").read_text("utf-8")


def errors_of(root: Path) -> list[str]:
    result = run_cli("validate", cwd=root)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    return [line for line in result.err.splitlines() if ": error: " in line or "hint" in line]


def test_bad_kits_get_located_errors(tmp_path: Path) -> None:
    root = with_kits(tmp_path / "p")
    coach = root / "content" / "coach"
    text = KIT.format(module="secure-meeting", prefix="wii", mark="")
    text = text.replace("minutes: 5\n", "minutes: 15\n").replace("kind: teach", "kind: lecture")
    text = text.replace("applies_to: outreach-request", "applies_to: opening-minute")
    (coach / "another.yml").write_text(text, "utf-8")
    (coach / "what-it-is.yml").write_text(
        KIT.format(module="what-it-was", prefix="wii", mark=""), "utf-8"
    )
    (root / "content" / "sources.yml").write_text(
        SOURCES.replace("https://careers", "javascript:alert(1)//careers"), "utf-8"
    )
    lines = "\n".join(errors_of(root))
    assert (
        "content/coach/another.yml:2:9: error: the module 'secure-meeting' already has a kit "
        "at content/coach/secure-meeting.yml:2:9 (at module)\n"
        "    hint: keep one kit per module: merge the two files"
    ) in lines
    assert (
        "content/coach/another.yml:14:13: error: expected one of 'warm-up', 'teach', "
        "'exercise', 'role-play', 'debrief' or 'wrap-up', found the text 'lecture' "
        "(at session.steps[1].kind)"
    ) in lines
    assert (
        "content/coach/another.yml:50:15: error: 'opening-minute' is not the id of a "
        "message template or worksheet (at rubric.applies_to)"
    ) in lines
    assert (
        "content/coach/what-it-is.yml:2:9: error: 'what-it-was' is not the id of any module "
        "(at module)\n    hint: did you mean 'what-it-is'?"
    ) in lines
    assert (
        "content/coach/what-it-is.yml:30:9: error: the role play id 'wii-rp-alumni-call' is "
        "already used at content/coach/another.yml:30:9 (at role_plays[0].id)"
    ) in lines
    assert (
        "content/sources.yml:8:14: error: a source's url must start with https:// (or http://) "
        "(at groups[0].sources[0].url)"
    ) in lines


def test_minutes_that_do_not_add_up_and_a_third_role_play(tmp_path: Path) -> None:
    root = with_kits(tmp_path / "p")
    kit = root / "content" / "coach" / "secure-meeting.yml"
    text = kit.read_text("utf-8").replace("minutes: 20\n", "minutes: 25\n")
    third = text[text.index("  - id: sm-rp-silence") : text.index("rubric:")]
    text = text.replace("rubric:", third.replace("sm-rp-silence", "sm-rp-third") + "rubric:")
    kit.write_text(text, "utf-8")
    lines = "\n".join(errors_of(root))
    assert (
        "content/coach/secure-meeting.yml:4:12: error: the steps add up to 65 minutes "
        "(10 + 15 + 25 + 10 + 5), but the session lasts 60 (at session.minutes)\n"
        "    hint: change the steps' minutes or set 'minutes: 65'"
    ) in lines
    assert "content/coach/secure-meeting.yml:37:1: error: has more than 2 items" in lines or (
        "has more than 2 items (at role_plays)" in lines
    )


def test_a_module_without_a_kit_is_a_warning(tmp_path: Path) -> None:
    root = with_kits(tmp_path / "p")
    (root / "content" / "coach" / "secure-meeting.yml").unlink()
    result = run_cli("validate", cwd=root)
    assert result.code == 0, result.err
    assert (
        "content/course.yml:16:5: warning: the module 'secure-meeting' has no coach kit, so the "
        "coach kit skips it (at modules[1])\n    hint: add content/coach/secure-meeting.yml"
    ) in result.err
    strict = run_cli("validate", "--strict", cwd=root)
    assert strict.code == 1


def test_no_coach_folder_no_warning(tmp_path: Path) -> None:
    root = with_kits(tmp_path / "p")
    shutil.rmtree(root / "content" / "coach")
    result = run_cli("validate", "--strict", cwd=root)
    assert result.code == 0, result.err


LAB_MODULE = """\
id: brightpath-lab
title: The Brightpath practice lab
summary: Rehearse a first request and a first call with your coach.
objectives:
  - Send a first request you have rehearsed aloud.
sections:
  - id: brightpath-lab-rehearsal
    title: Rehearse before you send
    body: Read your request aloud to your coach, then send it the same day.
key_points:
  - A request read aloud is a request you can send.
"""

LAB_EDITION = """\
name: Brightpath Coaching
add:
  modules:
    - lab.yml
  coach:
{kits}
"""


def with_lab(dest: Path, kits: dict[str, str], extra: str = "") -> Path:
    """The sample course with kits, and an edition that adds a module and the
    kit files ``kits`` (file name → text)."""
    listed = "\n".join(f"    - {name}" for name in kits) or "    []"
    root = with_kits(dest, LAB_EDITION.format(kits=listed) + extra)
    folder = root / "editions" / "coachco"
    (folder / "lab.yml").write_text(LAB_MODULE, "utf-8")
    for name, text in kits.items():
        (folder / name).write_text(text, "utf-8")
    return root


def test_an_edition_adds_a_module_with_its_kit(tmp_path: Path) -> None:
    kit = KIT.format(module="brightpath-lab", prefix="bpl", mark="LABMARK")
    root = with_lab(tmp_path / "p", {"lab-kit.yml": kit})
    strict = run_cli("validate", "--strict", "--edition", "coachco", cwd=root)
    assert strict.code == 0, strict.err
    result = run_cli("build", "--quiet", "--edition", "coachco", cwd=root)
    assert result.code == 0, result.err
    coach = root / "build" / "coachco" / "coach"
    reader = PdfReader(io.BytesIO((coach / "coach-kit-a4.pdf").read_bytes()))
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline == [
        "Module 1: What an informational interview is, and is not",
        "Module 2: Secure the meeting",
        "Module 3: The Brightpath practice lab",
    ]
    for paper in ("a4", "letter"):
        text = pdf_text(coach / f"coach-kit-brightpath-lab-{paper}.pdf")
        assert "Module 3: The Brightpath practice lab" in text
        assert "For the learner A first call with an alum LABMARK" in text
        assert "Brightpath Coaching" in text
    assert "LABMARK" in (coach / "coach-kit.html").read_text("utf-8")
    assert not list((root / "build" / "coachco" / "site").rglob("coach-kit*"))
    # The base course has no trace of the edition's kit.
    base = run_cli("validate", "--strict", cwd=root)
    assert base.code == 0, base.err


def test_an_edition_module_without_a_kit_names_add_coach(tmp_path: Path) -> None:
    # The base kit of a module the edition leaves out goes without a word.
    root = with_lab(tmp_path / "p", {}, "exclude: [secure-meeting]\n")
    result = run_cli("validate", "--edition", "coachco", cwd=root)
    assert result.code == 0, result.err
    assert result.err.count("no coach kit") == 1, result.err
    assert "content/coach/" not in result.err
    assert (
        "editions/coachco/lab.yml:1:1: warning: the module 'brightpath-lab' has no coach kit, "
        "so the coach kit skips it (at modules[1])\n"
        "    hint: write its kit in a file of the edition folder and list it under "
        "'add: coach:' in editions/coachco/edition.yml"
    ) in result.err
    assert run_cli("validate", "--strict", "--edition", "coachco", cwd=root).code == 1


def test_an_edition_kit_goes_with_a_module_the_audience_leaves_out(tmp_path: Path) -> None:
    kit = KIT.format(module="brightpath-lab", prefix="bpl", mark="")
    root = with_lab(tmp_path / "p", {"lab-kit.yml": kit}, "audience: early-career\n")
    lab = root / "editions" / "coachco" / "lab.yml"
    lab.write_text(LAB_MODULE.replace("title: The", "audiences: [executive]\ntitle: The"))
    result = run_cli("validate", "--edition", "coachco", cwd=root)
    assert result.code == 0, result.err
    assert "lab-kit.yml" not in result.err and "no coach kit" not in result.err


def test_kits_an_edition_cannot_add(tmp_path: Path) -> None:
    kits = {
        "base-again.yml": KIT.format(module="what-it-is", prefix="ba", mark=""),
        "left-out.yml": KIT.format(module="secure-meeting", prefix="lo", mark=""),
        "typo.yml": KIT.format(module="brightpath-lap", prefix="ty", mark=""),
        "../../content/coach/what-it-is.yml": "",
    }
    root = with_lab(tmp_path / "p", {k: v for k, v in kits.items() if "/" not in k})
    edition = root / "editions" / "coachco" / "edition.yml"
    edition.write_text(
        LAB_EDITION.format(kits="\n".join(f"    - {name}" for name in kits))
        + "modules: [what-it-is, brightpath-lab]\n",
        "utf-8",
    )
    result = run_cli("validate", "--edition", "coachco", cwd=root)
    assert result.code == 1, result.err
    assert "Traceback" not in result.err
    lines = "\n".join(
        line for line in result.err.splitlines() if ": error: " in line or "hint" in line
    )
    assert (
        "editions/coachco/base-again.yml:2:9: error: the module 'what-it-is' already has a kit "
        "at content/coach/what-it-is.yml:2:9 (at module)\n"
        "    hint: an edition cannot replace the base course's kit: take this file off "
        "'add: coach:' in editions/coachco/edition.yml"
    ) in lines
    assert (
        "editions/coachco/left-out.yml:2:9: error: this kit is for 'secure-meeting', which the "
        "edition leaves out (editions/coachco/edition.yml:10:10), so it would never be printed "
        "(at module)\n"
        "    hint: publish the module, or take this file off 'add: coach:' in "
        "editions/coachco/edition.yml"
    ) in lines
    assert (
        "editions/coachco/typo.yml:2:9: error: 'brightpath-lap' is not the id of any module "
        "(at module)\n    hint: did you mean 'brightpath-lab'?"
    ) in lines
    assert (
        "editions/coachco/edition.yml:9:7: error: '../../content/coach/what-it-is.yml' points "
        "outside"
    ) in lines


def test_an_edition_may_give_a_base_module_without_a_kit_its_kit(tmp_path: Path) -> None:
    kits = {
        "lab-kit.yml": KIT.format(module="brightpath-lab", prefix="bpl", mark=""),
        "meeting-kit.yml": KIT.format(module="secure-meeting", prefix="smk", mark=""),
    }
    root = with_lab(tmp_path / "p", kits)
    (root / "content" / "coach" / "secure-meeting.yml").unlink()
    result = run_cli("validate", "--strict", "--edition", "coachco", cwd=root)
    assert result.code == 0, result.err
    base = run_cli("validate", cwd=root)
    assert "the module 'secure-meeting' has no coach kit" in base.err


def test_every_list_in_the_shipped_kits_starts_after_a_blank_line() -> None:
    """Markdown reads a list that follows a sentence without a blank line as part of
    the sentence: the kit would print '- a; - b' as running text."""
    item = re.compile(r"^(?:[-*+]|\d+\.) ")
    glued = []
    for path in sorted((REPO / "content" / "coach").glob("*.yml")):
        for text in _strings(yaml.safe_load(path.read_text("utf-8"))):
            lines = text.split("\n")
            for before, line in itertools.pairwise(lines):
                sentence = before.strip() and not before.startswith((" ", "\t"))
                if item.match(line) and sentence and not item.match(before):
                    glued.append(f"{path.name}: {line[:40]}")
    assert glued == []


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []
