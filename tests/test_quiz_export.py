"""GIFT and QTI exports: parsed back by independent readers, escaped, reproducible."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from moodle_xml_parser import parser as moodle_xml_parser
from pygiftparser import parser as gift_parser

from generator.check import check_course
from generator.core.model import Course
from generator.quiz.export import ExportText
from generator.quiz.export_gift import gift_escape, render_gift, weight
from generator.quiz.export_moodle import render_moodle_xml
from generator.quiz.export_qti import render_qti, shares
from generator.quiz.model import QuizItem

from .conftest import FIXTURES, run_cli
from .moodle_reader import Question as MoodleQuestion
from .moodle_reader import read as read_moodle_xml
from .qti_scorer import score as qti_score

SAMPLE = FIXTURES / "sample"
QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
CP = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
SPECIALS = r"Mind ~tildes~, a = b, #1, {braces}, a: b and C:\path"


@pytest.fixture(scope="module")
def course() -> Course:
    return check_course(SAMPLE).course


def gift_questions(data: bytes) -> list[gift_parser.Question]:
    questions = gift_parser.parseFile(io.StringIO(data.decode("utf-8")))
    return [q for q in questions if q.title]


def moodle_read(block: str) -> dict[str, object]:
    """The steps of Moodle's qformat_gift::readquestion that split a question.

    A faithful port of its escaping: placeholders for escaped characters, the
    first '{' and '}', '####' for general feedback, then back to plain text.
    """
    text = block.replace("\\\\", "&&092;")
    for char, code in ((":", "058"), ("#", "035"), ("=", "061"), ("{", "123"), ("}", "125")):
        text = text.replace("\\" + char, f"&&{code};")
    text = text.replace("\\~", "&&126;").replace("\\n", "&&010").replace("&&092;", "\\")

    def post(part: str) -> str:
        for char, code in ((":", "058"), ("#", "035"), ("=", "061"), ("{", "123"), ("}", "125")):
            part = part.replace(f"&&{code};", char)
        return part.replace("&&126;", "~").replace("&&010", "\n")

    assert text.startswith("::")
    name, _, text = text[2:].partition("::")
    start, end = text.index("{"), text.index("}")
    answers = text[start + 1 : end].strip()
    general = ""
    if "####" in answers:
        answers, general = answers[: answers.rindex("####")], answers[answers.rindex("####") + 4 :]
    question = text[:start].removeprefix("[html]")
    parsed = []
    for raw in answers.replace("=", "~=").split("~"):
        if raw.strip():
            answer, _, feedback = raw.strip().partition("#")
            parsed.append((post(answer), post(feedback)))
    return {
        "name": post(name),
        "question": post(question),
        "answers": parsed,
        "general": post(general),
    }


def test_gift_parses_with_an_independent_parser(course: Course) -> None:
    export = render_gift(course)
    questions = gift_questions(export.data)
    names = [q.title for q in questions]
    # Readable names: module and question number, then the prompt's start. A
    # which-is-better item becomes two questions.
    assert names == [
        "1.1 Which opening is better, and why? (which version)",
        "1.1 Which opening is better, and why? (why)",
        "1.2 In the opening-minute example, only the weaker version lets the other…",
        "1.3 Which request is an informational interview?",
        "1.4 Which of these put paper in front of strangers rather than you in…",
        "1.5 Sort each line into the right group.",
        "1.6 What do you do next?",
        "1.7 Whose work would you like to learn about, and what would you ask them…",
        "2.1 Put the steps of the pipeline in order.",
        "2.2 What is the best next step?",
        "2.3 How much time should a first request ask for?",
        "2.4 Which request is more likely to get a yes? (which version)",
        "2.4 Which request is more likely to get a yes? (why)",
    ]
    ids = [
        "opening-better-version",
        "opening-better-reason",
        "same-subtext",
        "what-it-is-single",
        "paper-strategies",
        "sort-requests",
        "not-hiring",
        "who-to-learn-from",
        "pipeline-order",
        "no-reply",
        "how-long",
        "better-request-version",
        "better-request-reason",
    ]
    for question, ident in zip(questions, ids, strict=True):
        question.title = ident
    assert all(q.valid for q in questions)
    kinds = {q.title: type(q.answers).__name__ for q in questions}
    assert kinds["same-subtext"] == "TrueFalseSet"
    assert kinds["paper-strategies"] == "MultipleChoicesSet"
    assert kinds["sort-requests"] == kinds["pipeline-order"] == "MatchingSet"
    assert kinds["who-to-learn-from"] == "Essay"
    assert kinds["no-reply"] == kinds["opening-better-reason"] == "SelectSet"
    by_name = {q.title: q for q in questions}
    [right] = [a for a in by_name["no-reply"].answers.answers if a.fraction == 100]
    assert right.answer == "Send one short, friendly follow-up."
    assert by_name["same-subtext"].answers.answer is False
    assert "Right. The subtext is identical" in by_name["same-subtext"].answers.feedbackCorrect
    matching = {
        a.question.strip(): a.answer.strip() for a in by_name["sort-requests"].answers.answers
    }
    assert matching["Do you have anything for someone with my experience?"] == "Asking for a job"
    order = {
        a.question.strip(): a.answer.strip() for a in by_name["pipeline-order"].answers.answers
    }
    assert order["Prepare"] == "Position 1" and order["Follow up"] == "Position 5"
    assert "The six steps repeat" in by_name["pipeline-order"].generalFeedback
    assert export.notes[0] == (
        "what-it-is/opening-better: which-is-better exported to GIFT as "
        "two multiple-choice questions (which version, then why)"
    )


def test_gift_escapes_every_control_character(sample: Path) -> None:
    path = sample / "content" / "quizzes" / "secure-meeting.yml"
    text = path.read_text("utf-8").replace(
        "      - text: Write again every day until she answers.\n"
        "        feedback: Repeated messages turn a busy person into an unwilling one.\n",
        f"      - text: '{SPECIALS}'\n        feedback: '{SPECIALS}'\n",
    )
    text = text.replace("    prompt: What is the best next step?\n", f"    prompt: '{SPECIALS}'\n")
    path.write_text(text, "utf-8")
    course = check_course(sample).course
    data = render_gift(course).data.decode()
    [block] = [b for b in data.split("\n\n") if b.startswith("::2.2 ")]
    read = moodle_read(block)
    html = ExportText(course)
    expected = html.inline(SPECIALS)
    assert html.block(SPECIALS) in str(read["question"])
    assert (expected, html.block(SPECIALS)) in list(read["answers"])  # type: ignore[arg-type]
    assert len(read["answers"]) == 3  # type: ignore[arg-type]
    assert str(read["general"]).startswith("<p>Follow up once")
    # Escaped, no line of the block can start a comment or end it early.
    assert all(line[:1] in ":=~#}" for line in block.splitlines())


def test_gift_escape_and_weights() -> None:
    assert gift_escape("a~b=c#d{e}f:g\\h\ni") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni"
    assert weight(100 / 3) == "%33.33333%"
    assert weight(100 / 6) == "%16.66666%"
    assert weight(-50) == "%-50%"
    assert weight(100) == "%100%"
    assert 6 * 16.66666 <= 100


def qti_files(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def test_qti_package_structure(course: Course) -> None:
    files = qti_files(render_qti(course, 315532800).data)
    assert list(files) == sorted(files)
    manifest = ET.fromstring(files["imsmanifest.xml"])
    resources = manifest.findall(f"{CP}resources/{CP}resource")
    qti = [r for r in resources if r.get("type") == "imsqti_xmlv1p2"]
    assert [r.get("identifier") for r in qti] == ["cg-what-it-is", "cg-secure-meeting"]
    for resource in resources:
        for file in resource.findall(f"{CP}file"):
            assert file.get("href") in files
    assessment = ET.fromstring(files["cg-what-it-is/cg-what-it-is.xml"])
    items = assessment.findall(f".//{QTI}item")
    types = {
        i.get("ident"): i.find(
            f".//{QTI}qtimetadatafield[{QTI}fieldlabel='question_type']/{QTI}fieldentry"
        ).text  # type: ignore[union-attr]
        for i in items
    }
    assert types == {
        "opening-better-version": "multiple_choice_question",
        "opening-better-reason": "multiple_choice_question",
        "same-subtext": "true_false_question",
        "what-it-is-single": "multiple_choice_question",
        "paper-strategies": "multiple_answers_question",
        "sort-requests": "matching_question",
        "not-hiring": "multiple_choice_question",
        "who-to-learn-from": "essay_question",
    }
    meta = ET.fromstring(files["cg-what-it-is/assessment_meta.xml"])
    assert meta.findtext("{http://canvas.instructure.com/xsd/cccv1p0}quiz_type") == "practice_quiz"


def test_qti_marks_the_right_answers(course: Course) -> None:
    files = qti_files(render_qti(course, 315532800).data)
    assessment = ET.fromstring(files["cg-secure-meeting/cg-secure-meeting.xml"])
    by_id = {i.get("ident"): i for i in assessment.findall(f".//{QTI}item")}

    def scored(item_id: str) -> list[str]:
        item = by_id[item_id]
        return [
            str(v.text)
            for c in item.findall(f".//{QTI}respcondition")
            if c.find(f"{QTI}setvar") is not None
            for v in c.findall(f".//{QTI}varequal")
        ]

    assert scored("no-reply") == ["no-reply-o1"]
    assert scored("how-long") == ["how-long-o2"]
    assert scored("better-request-version") == ["better-request-v2"]
    order = scored("pipeline-order")
    assert sorted(order) == [f"pipeline-order-p{n}" for n in range(1, 7)]
    feedback = by_id["no-reply"].find(f"{QTI}itemfeedback[@ident='no-reply-o2_fb']")
    assert feedback is not None
    assert "Repeated messages" in "".join(feedback.itertext())


def test_qti_escapes_course_text(sample: Path) -> None:
    path = sample / "content" / "quizzes" / "secure-meeting.yml"
    hostile = "</mattext><script>x()</script> & more"
    text = path.read_text("utf-8").replace(
        "    prompt: What is the best next step?\n", f"    prompt: '{hostile}'\n"
    )
    path.write_text(text, "utf-8")
    files = qti_files(render_qti(check_course(sample).course, 315532800).data)
    assessment = ET.fromstring(files["cg-secure-meeting/cg-secure-meeting.xml"])
    [item] = [i for i in assessment.findall(f".//{QTI}item") if i.get("ident") == "no-reply"]
    question = item.findtext(f"{QTI}presentation/{QTI}material/{QTI}mattext")
    assert question is not None
    assert "&lt;/mattext&gt;&lt;script&gt;x()&lt;/script&gt; &amp; more" in question
    assert "<script>" not in question


def test_exports_are_byte_identical_and_dated_by_source_date_epoch(course: Course) -> None:
    assert render_gift(course).data == render_gift(course).data
    first, second = render_qti(course, 1700000000).data, render_qti(course, 1700000000).data
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert b"<imsmd:dateTime>2023-11-14</imsmd:dateTime>" in archive.read("imsmanifest.xml")
    with zipfile.ZipFile(io.BytesIO(render_qti(course, 0).data)) as archive:
        assert archive.infolist()[0].date_time == (1980, 1, 1, 0, 0, 0)


def test_build_writes_the_quiz_exports(built_sample: Path) -> None:
    export = built_sample / "export"
    assert sorted(p.name for p in export.iterdir()) == [
        "quizzes-gift.txt",
        "quizzes-moodle.xml",
        "quizzes-qti.zip",
    ]
    course = check_course(SAMPLE).course
    assert (export / "quizzes-gift.txt").read_bytes() == render_gift(course).data
    assert (export / "quizzes-qti.zip").read_bytes() == render_qti(course, 315532800).data


def test_export_command(sample: Path) -> None:
    result = run_cli("export", "--format", "gift", cwd=sample)
    assert result.code == 0, result.err
    assert sorted(p.name for p in (sample / "build" / "default" / "export").iterdir()) == [
        "quizzes-gift.txt"
    ]
    assert (
        "what-it-is/sort-requests: classify exported to GIFT as a matching question" in result.err
    )
    assert result.err.rstrip().endswith("build/default/export/quizzes-gift.txt")
    quiet = run_cli("export", "--format", "qti", "--quiet", cwd=sample)
    assert (quiet.code, quiet.err) == (0, "")
    assert (sample / "build" / "default" / "export" / "quizzes-qti.zip").is_file()
    wrong = run_cli("export", "--format", "pdf", cwd=sample)
    assert wrong.code == 2 and "invalid choice: 'pdf'" in wrong.err


def test_export_without_quizzes_is_a_clear_error(sample: Path) -> None:
    for path in (sample / "content" / "quizzes").iterdir():
        path.unlink()
    result = run_cli("export", "--format", "qti", cwd=sample)
    assert result.code == 1
    assert "the course has no quizzes to export" in result.err
    assert "Traceback" not in result.err


def test_exports_show_a_pair_subtext_once_per_question(course: Course) -> None:
    export = render_gift(course).data.decode()
    block = export[export.index("::1.1 Which opening is better, and why? (which version)::") :]
    block = block[: block.index("\n\n")]
    assert block.count("Subtext, the same in both versions\\:</strong> I am looking") == 1
    files = qti_files(render_qti(course, 315532800).data)
    text = "".join(data.decode() for name, data in files.items() if name.endswith(".xml"))
    assert "Subtext, the same in both versions:" in text


def test_gift_files_each_quiz_under_its_module_heading(course: Course) -> None:
    export = render_gift(course).data.decode()
    assert "$CATEGORY: $course$/Module 1\\: What an informational interview is" not in export
    categories = [line for line in export.splitlines() if line.startswith("$CATEGORY:")]
    assert categories == [
        "$CATEGORY: $course$/Module 1: What an informational interview is, and is not",
        "$CATEGORY: $course$/Module 2: Secure the meeting",
    ]


def test_the_why_half_of_a_split_item_does_not_give_away_the_better_version(
    course: Course,
) -> None:
    export = render_gift(course).data.decode()
    halves = [b for b in export.split("\n\n") if b.startswith("::1.1 Which opening")]
    assert len(halves) == 2
    assert "better version" not in halves[1]
    assert "One of the two versions is stronger. Which reason explains why?" in halves[1]
    files = qti_files(render_qti(course, 315532800).data)
    assessment = files["cg-what-it-is/cg-what-it-is.xml"].decode()
    assert "is the better version" not in assessment


def test_a_strict_qti_scorer_gives_full_marks_to_right_answers_only(course: Course) -> None:
    files = qti_files(render_qti(course, 315532800).data)
    checked = 0
    for page in course.quizzes:
        assert page.quiz is not None
        ident = f"cg-{page.quiz.id}"
        assessment = ET.fromstring(files[f"{ident}/{ident}.xml"])
        items = {i.get("ident"): i for i in assessment.findall(f".//{QTI}item")}
        for found in page.quiz.items:
            for key, right, wrong in _responses(found):
                item = items[key]
                assert qti_score(item, right) == 100, key
                assert qti_score(item, wrong) < 100, key
                checked += 1
    assert checked >= 10


def test_matching_shares_add_up_to_exactly_one_hundred() -> None:
    for count in range(1, 13):
        assert sum(Decimal(share) for share in shares(count)) == 100, count
    assert shares(6) == ["16.67", "16.67", "16.67", "16.67", "16.66", "16.66"]


def _responses(found: QuizItem) -> list[tuple[str, dict[str, list[str]], dict[str, list[str]]]]:
    """(QTI item id, a right response, a wrong one) for each graded question."""

    def choice(
        key: str, choices: list[tuple[str, bool]]
    ) -> tuple[str, dict[str, list[str]], dict[str, list[str]]]:
        right = [f"{found.id}-{k}" for k, ok in choices if ok]
        wrong = [f"{found.id}-{k}" for k, ok in choices if not ok][:1]
        return key, {"response1": right}, {"response1": wrong}

    if found.kind in ("single", "best-next-action", "multiple", "true-false"):
        return [choice(found.id, [(c.key, c.correct) for c in found.choices])]
    if found.kind == "which-is-better":
        return [
            choice(f"{found.id}-version", [(s.key, s.better) for s in found.scripts]),
            choice(f"{found.id}-reason", [(c.key, c.correct) for c in found.choices]),
        ]
    if found.kind == "ordering":
        right = {
            f"response_{found.id}-{e.key}": [f"{found.id}-p{e.position}"] for e in found.entries
        }
        wrong = dict(right)
        first, second = list(right)[:2]
        wrong[first], wrong[second] = right[second], right[first]
        return [(found.id, right, wrong)]
    if found.kind == "classify":
        right = {
            f"response_{found.id}-{s.key}": [f"{found.id}-b-{s.bucket}"] for s in found.statements
        }
        other = {b.key for b in found.buckets}
        wrong = dict(right)
        first = found.statements[0]
        wrong[f"response_{found.id}-{first.key}"] = [
            f"{found.id}-b-{sorted(other - {first.bucket})[0]}"
        ]
        return [(found.id, right, wrong)]
    return []


def test_moodle_xml_reads_back_by_moodles_import_rules(course: Course) -> None:
    questions = read_moodle_xml(render_moodle_xml(course).data)
    text = ExportText(course)
    by_id: dict[str, list[MoodleQuestion]] = {}
    for question in questions:
        by_id.setdefault(str(question.idnumber), []).append(question)
    for page in course.quizzes:
        assert page.quiz is not None
        for found in page.quiz.items:
            exported = by_id[found.id]
            assert {q.category for q in exported} == {f"$course$/top/{page.heading}"}
            first = exported[0]
            assert first.name.startswith(f"{page.number}.{found.number} ")
            assert text.block(found.explanation) in first.general_feedback
            if found.hint:
                assert all(q.hints == [text.block(found.hint)] for q in exported)
            if found.kind in ("single", "best-next-action", "multiple", "true-false"):
                [question] = exported
                assert question.qtype == (
                    "truefalse" if found.kind == "true-false" else "multichoice"
                )
                right = [a.fraction > 0 for a in question.answers]
                assert right == [c.correct for c in found.choices]
                assert [a.feedback for a in question.answers] == [
                    text.block(c.feedback) for c in found.choices
                ]
                positive = sum(a.fraction for a in question.answers if a.fraction > 0)
                assert abs(positive - 1) < 0.0001
            elif found.kind == "which-is-better":
                which, why = exported
                assert [a.fraction for a in which.answers] == [
                    1.0 if s.better else 0.0 for s in found.scripts
                ]
                assert [a.fraction > 0 for a in why.answers] == [c.correct for c in found.choices]
                assert "better version" not in why.text
            elif found.kind == "ordering":
                [question] = exported
                assert question.qtype == "ordering"
                assert [a.text for a in question.answers] == [
                    text.inline(e.text) for e in found.in_order
                ]
                assert question.options["gradingtype"] == "ABSOLUTE_POSITION"
            elif found.kind == "classify":
                [question] = exported
                assert question.qtype == "matching"
                assert question.subquestions == [
                    (text.inline(s.text), found.bucket_label(s.bucket)) for s in found.statements
                ]
                for statement in found.statements:
                    assert text.inline(statement.feedback) in question.general_feedback
            else:
                [question] = exported
                assert question.qtype == "essay" and question.default_mark == 0
                assert question.grader_info == text.block(found.explanation)


def test_moodle_xml_multichoice_reads_back_with_an_independent_parser(course: Course) -> None:
    read = moodle_xml_parser.parse_bytes(render_moodle_xml(course).data)
    by_name = {q.name: q for q in read["multichoice"]}
    question = by_name["2.2 What is the best next step?"]
    assert question.single
    [right] = [o for o in question.options if o.score_fraction == 100]
    assert right.answer == "Send one short, friendly follow-up."
    assert all(o.feedback for o in question.options)
    multiple = by_name["1.4 Which of these put paper in front of strangers rather than you in…"]
    assert not multiple.single
    assert round(sum(o.score_fraction for o in multiple.options if o.score_fraction > 0), 3) == 100


def test_moodle_xml_escapes_course_text(sample: Path) -> None:
    path = sample / "content" / "quizzes" / "secure-meeting.yml"
    hostile = "</text></question><question type='essay'>]]> & more"
    text = path.read_text("utf-8").replace(
        "    prompt: What is the best next step?\n", f'    prompt: "{hostile}"\n'
    )
    path.write_text(text, "utf-8")
    questions = read_moodle_xml(render_moodle_xml(check_course(sample).course).data)
    [question] = [q for q in questions if q.idnumber == "no-reply"]
    assert "&lt;/text&gt;&lt;/question&gt;" in question.text
    assert sum(1 for q in questions if q.qtype == "essay") == 1
