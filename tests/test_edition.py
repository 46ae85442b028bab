"""Coach editions: the shipped samples, --all, new-edition, and the coach's copy flow."""

from __future__ import annotations

import io
import json
import re
import shutil
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from generator.check import check_course
from generator.worksheet.paper import LETTER
from generator.worksheet.pdf import PdfJob, render_pdf_files
from generator.worksheet.render import make_worksheet_environment, render_document

from .conftest import REPO, make_project, run_cli
from .test_pdf_branding import every_pdf, page_draws


def site_text(build: Path, slug: str) -> str:
    site = build / slug / "site"
    return "\n".join(p.read_text("utf-8") for p in sorted(site.rglob("*.html")))


def pdf(build: Path, slug: str, name: str) -> PdfReader:
    """A PDF of ``slug``'s build: the answer key from coach/, the others from pdf/."""
    folder = "coach" if name.startswith("answer-key-") else "pdf"
    return PdfReader(io.BytesIO((build / slug / folder / name).read_bytes()))


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def fill_colours(reader: PdfReader) -> set[tuple[int, int, int]]:
    """Every fill colour the pages paint with, as 0-255 RGB."""
    found = set()
    for page in reader.pages:
        stream = page.get_contents()
        data = stream.get_data().decode("latin-1") if stream is not None else ""
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", data):
            found.add((round(float(r) * 255), round(float(g) * 255), round(float(b) * 255)))
    return found


def embedded_font_families(reader: PdfReader) -> set[str]:
    """Family names read from the font programs embedded in the PDF."""
    families = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            for part in font.get_object().get("/DescendantFonts", []):
                descriptor = part.get_object()["/FontDescriptor"].get_object()
                program = descriptor.get("/FontFile2")
                if program is not None:
                    font_file = TTFont(io.BytesIO(program.get_object().get_data()))
                    families.add(str(font_file["name"].getDebugName(1)))
    return families


def test_all_builds_each_edition_in_its_own_folder(all_built: Path) -> None:
    editions = sorted(p.name for p in all_built.iterdir() if not p.name.startswith("."))
    assert editions == ["default", "minimal", "northstar"]
    assert (all_built / ".cache" / "pdf").is_dir()  # the PDF cache the editions share
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
    css = (site / "assets" / "coursegen.css").read_text("utf-8")
    assert "--md-primary-fg-color: #0b5394;" in css
    assert "--md-accent-fg-color: #b45f06;" in css
    # The brand colours come after the course's own rules, which they override.
    assert css.index("Brand colours of this edition") > css.index("course furniture")
    home = (site / "index.html").read_text("utf-8")
    assert '<html lang="es"' in home
    assert 'href="assets/coursegen.css"' in home
    assert (site / "assets" / "brand" / "logo.svg").is_file()
    assert 'src="assets/brand/logo.svg"' in home
    module = (site / "modules" / "ask-open-ended-questions.html").read_text("utf-8")
    assert "<dt>Resultado probable</dt>" in module
    # Every shipped pair names its two versions; the shared line is labelled in Spanish.
    assert "Subtexto, el mismo en las dos versiones:" in module
    assert "Módulo 4:" in module


def test_the_svg_logo_is_drawn_on_every_page_of_every_pdf(all_built: Path) -> None:
    star = b"24 5 m\n28 20 l\n43 24 l\n28 28 l"  # the logo's path, as the PDF draws it
    paths = every_pdf(all_built / "northstar")
    assert {"workbook-a4.pdf", "workbook-letter.pdf", "answer-key-letter.pdf"} <= set(paths)
    for name, path in paths.items():
        pdf = PdfReader(io.BytesIO(path.read_bytes()))
        for number in range(len(pdf.pages)):
            forms = [x for x in page_draws(pdf, number) if x.get("/Subtype") == "/Form"]
            assert any(star in form.get_data() for form in forms), f"{name} p{number + 1}"


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
    # An executive edition: questions for new graduates only are left out.
    assert 'id="q-path-first-job"' not in questions
    assert 'id="q-open-exec-agenda"' in questions
    assert 'id="q-northstar-first-week"' in questions
    assert 'id="q-northstar-best-advice"' in questions
    default_questions = (all_built / "default" / "site" / "questions.html").read_text("utf-8")
    assert 'id="q-path-first-job"' in default_questions
    module = (site / "modules" / "ask-open-ended-questions.html").read_text("utf-8")
    assert 'id="northstar-industry-dinner"' in module


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


def test_a_font_file_that_is_not_a_font_is_refused(sample: Path) -> None:
    folder = sample / "editions" / "coach"
    folder.mkdir(parents=True)
    (folder / "brand.ttf").write_bytes(b"<svg onload=alert(1)/>" * 40)
    (folder / "edition.yml").write_text("name: C\nbranding:\n  font: brand.ttf\n")
    result = run_cli("validate", "--edition", "coach", cwd=sample)
    assert result.code == 1
    assert "editions/coach/edition.yml:3:9: error: 'brand.ttf' cannot be read as a font" in (
        result.err
    )
    shutil.copy(REPO / "editions" / "northstar" / "Caladea-Bold.ttf", folder / "brand.ttf")
    assert run_cli("validate", "--edition", "coach", cwd=sample).code == 0


def test_a_logo_that_is_not_an_image_is_refused(sample: Path) -> None:
    folder = sample / "editions" / "coach"
    folder.mkdir(parents=True)
    # A PNG signature, then nothing an image reader can decode.
    (folder / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"<svg onload=alert(1)/>" * 40)
    (folder / "edition.yml").write_text("name: C\nbranding:\n  logo: logo.png\n")
    result = run_cli("validate", "--edition", "coach", cwd=sample)
    assert result.code == 1
    assert "editions/coach/edition.yml:3:9: error: 'logo.png' cannot be read as an image" in (
        result.err
    )
    shutil.copy(REPO / "editions" / "northstar" / "logo.svg", folder / "logo.svg")
    (folder / "edition.yml").write_text("name: C\nbranding:\n  logo: logo.svg\n")
    assert run_cli("validate", "--edition", "coach", cwd=sample).code == 0


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
    # GIFT names questions by number and prompt; Moodle XML keeps the ids.
    assert "A coach's own statement to judge." in gift
    assert "Which of these put paper in front of strangers" not in gift
    assert "Which opening is better" not in gift
    moodle = (export / "quizzes-moodle.xml").read_text("utf-8")
    assert "<idnumber>coach-extra</idnumber>" in moodle
    assert "<idnumber>paper-strategies</idnumber>" not in moodle
    key = (sample / "build" / "coach" / "coach" / "answer-key.html").read_text("utf-8")
    assert "paper-strategies" not in key and "coach-extra" in key
    assert not (site / "answer-key.html").exists()


def test_sample_edition_quizzes(all_built: Path) -> None:
    site = all_built / "northstar" / "site"
    page = (site / "modules" / "ask-open-ended-questions.html").read_text("utf-8")
    assert "Comprobar mis respuestas" in page
    assert 'id="northstar-reception-quiz"' in page
    assert 'id="openq-longer-meeting-flow"' not in page
    assert 'id="openq-probe-pair"' in page
    key = (site / "answer-key.html").read_text("utf-8")
    assert "openq-longer-meeting-flow" not in key
    gift = (all_built / "northstar" / "export" / "quizzes-gift.txt").read_text("utf-8")
    default_gift = (all_built / "default" / "export" / "quizzes-gift.txt").read_text("utf-8")
    excluded = "$CATEGORY: $course$/Module 9: Adapt to your career stage"
    hidden = "general manager offered you an hour over lunch"
    assert excluded not in gift and hidden not in gift
    assert excluded in default_gift and hidden in default_gift


NORTHSTAR_BLUE = (0x0B, 0x53, 0x94)
DEFAULT_INDIGO = (0x30, 0x3F, 0x9F)


def test_brand_name_colour_and_font_reach_the_northstar_pdfs(all_built: Path) -> None:
    for name in ("outreach-planner-letter.pdf", "workbook-a4-fillable.pdf", "answer-key-a4.pdf"):
        reader = pdf(all_built, "northstar", name)
        assert "Northstar Career Coaching" in reader.pages[0].extract_text(), name
        assert NORTHSTAR_BLUE in fill_colours(reader), name
        assert DEFAULT_INDIGO not in fill_colours(reader), name
        # Caladea is not installed on the system: it can only come from the edition.
        assert "Caladea" in embedded_font_families(reader), name
    default = pdf(all_built, "default", "outreach-planner-letter.pdf")
    assert DEFAULT_INDIGO in fill_colours(default)
    assert NORTHSTAR_BLUE not in fill_colours(default)
    assert "Caladea" not in embedded_font_families(default)
    assert "Northstar" not in pdf_text(default)


def test_workbook_cover_and_closing_page_carry_the_edition(all_built: Path) -> None:
    workbook = pdf(all_built, "northstar", "workbook-letter.pdf")
    cover = " ".join(workbook.pages[0].extract_text().split())
    assert "Northstar Career Coaching" in cover
    assert "Informational Interviews with Northstar" in cover
    assert "CUADERNO DE TRABAJO" in cover
    closing = workbook.pages[-1].extract_text()
    assert "Practise with a Northstar coach" in closing
    assert "sharpen your two sentences and the story of how you left" in " ".join(closing.split())
    assert "Book a session: https://northstar.example/book" in closing
    assert "Correo: hello@northstar.example" in closing
    outline = [item.title for item in workbook.outline if not isinstance(item, list)]
    assert outline[0] == "Índice" and outline[-1] == "Practise with a Northstar coach"
    minimal = pdf(all_built, "minimal", "workbook-a4.pdf")
    assert "Next steps with Rivera Coaching" in minimal.pages[-1].extract_text()
    assert "ana@rivera-coaching.example" in minimal.pages[-1].extract_text()


def test_hidden_worksheet_is_absent_everywhere(all_built: Path) -> None:
    hidden = "self-introduction-builder"
    out = all_built / "northstar"
    assert not list((out / "pdf").glob(f"{hidden}*"))
    assert not list((out / "site" / "pdf").glob(f"{hidden}*"))
    assert not (out / "site" / "worksheets" / f"{hidden}.html").exists()
    assert hidden not in (out / "docs" / "mkdocs.yml").read_text("utf-8")
    text = site_text(all_built, "northstar")
    assert hidden not in text and "Self-introduction builder" not in text
    index = (out / "site" / "search" / "search_index.json").read_text("utf-8")
    assert "Self-introduction builder" not in index
    workbook = pdf(all_built, "northstar", "workbook-a4.pdf")
    assert "Self-introduction builder" not in pdf_text(workbook)
    stats = run_cli("stats", "--json", "--edition", "northstar", cwd=all_built.parent)
    # 12 in the base course (none only for other tracks), 1 hidden, 1 added
    assert json.loads(stats.out)["worksheets"] == 12
    assert (all_built / "default" / "pdf" / f"{hidden}-a4.pdf").is_file()


def test_added_and_overridden_worksheets(all_built: Path) -> None:
    out = all_built / "northstar"
    assert (out / "pdf" / "northstar-lab-prep-letter-fillable.pdf").is_file()
    fields = pdf(all_built, "northstar", "northstar-lab-prep-a4-fillable.pdf").get_fields() or {}
    assert "northstar-lab-prep:request" in fields
    lab = (out / "site" / "modules" / "northstar-practice-lab.html").read_text("utf-8")
    assert 'href="../worksheets/northstar-lab-prep.html"' in lab
    workbook = pdf(all_built, "northstar", "workbook-letter.pdf")
    contents = workbook.pages[1].extract_text()
    assert "Practice lab preparation" in contents
    outreach = pdf_text(pdf(all_built, "northstar", "outreach-planner-a4.pdf"))
    assert "Northstar clients: bring this sheet" in " ".join(outreach.split())
    assert not list((all_built / "default" / "pdf").glob("northstar-*"))


def test_spanish_labels_on_worksheet_pages_and_pdfs(all_built: Path) -> None:
    page = (all_built / "northstar" / "site" / "worksheets" / "outreach-planner.html").read_text(
        "utf-8"
    )
    assert "Completa los huecos" in page
    # A date is the browser's date picker on the site, in the learner's own format;
    # on paper the box says which format to write.
    assert 'type="date"' in page and 'placeholder="AAAA-MM-DD"' not in page
    assert "Borrar mis respuestas" in page
    reader = pdf(all_built, "northstar", "outreach-planner-letter.pdf")
    assert "AAAA-MM-DD" in pdf_text(reader)
    first = reader.pages[0].extract_text()
    assert "FICHA 2" in first  # the kicker, in capitals
    assert "Completa los huecos" in first
    assert f"Página 1 de {len(reader.pages)}" in first
    assert "Page 1 of" not in first
    # The text is the course's (English); the interface words say they are Spanish.
    assert reader.trailer["/Root"]["/Lang"] == "en"
    key = pdf(all_built, "northstar", "answer-key-letter.pdf")
    assert "Solucionario" in key.pages[0].extract_text()
    assert "Respuesta correcta" in pdf_text(key)
    default = pdf(all_built, "default", "outreach-planner-letter.pdf").pages[0].extract_text()
    assert "Fill in the blanks" in default and "Page 1 of" in default


def test_the_edition_paper_is_listed_first(all_built: Path) -> None:
    def first_rows(slug: str) -> tuple[str, str]:
        site = all_built / slug / "site"
        sheet = (site / "worksheets" / "debrief.html").read_text("utf-8")
        row = re.search(r'<th scope="row">([^<]+)</th>', sheet)
        key = (site / "answer-key.html").read_text("utf-8")  # northstar publishes it
        link = re.search(r'href="pdf/(answer-key-[a-z0-9]+)\.pdf"', key)
        assert row and link
        return row.group(1), link.group(1)

    default = (all_built / "default" / "site" / "worksheets" / "debrief.html").read_text("utf-8")
    assert re.search(r'<th scope="row">([^<]+)</th>', default)[1] == "A4"  # type: ignore[index]
    assert not (all_built / "default" / "site" / "answer-key.html").exists()

    assert first_rows("northstar") == ("Carta (EE. UU.)", "answer-key-letter")
    export = (all_built / "northstar" / "coach" / "answer-key.html").read_text("utf-8")
    assert "@page { size: letter;" in export
    # Both sizes are still made.
    assert (all_built / "northstar" / "pdf" / "debrief-a4.pdf").is_file()


def test_northstar_answer_key_follows_the_edition(all_built: Path) -> None:
    text = " ".join(pdf_text(pdf(all_built, "northstar", "answer-key-a4.pdf")).split())
    assert "Which question do you ask her?" in text  # an added quiz item
    hidden = "general manager offered you an hour over lunch instead of a short"
    assert hidden not in text
    assert "Adapt to your career stage" not in text  # the excluded module's quiz
    default = " ".join(pdf_text(pdf(all_built, "default", "answer-key-a4.pdf")).split())
    assert hidden in default and "Adapt to your career stage" in default


def test_branded_pdfs_are_the_same_bytes_from_any_process() -> None:
    # The brand font travels inside the document as a data: URL; two worker
    # processes (each with its own hash seed) must still write the same file.
    course = check_course(REPO, "northstar").course
    assert course.edition.font is not None
    sheet = next(w for w in course.worksheets if w.id == "service-inventory")
    html = render_document(make_worksheet_environment(), course, sheet, LETTER)
    assert "data:font/ttf;base64," in html
    files = render_pdf_files([PdfJob("one", html), PdfJob("two", html)], workers=2)
    assert files["one.pdf"] == files["two.pdf"]
    assert files["one-fillable.pdf"] == files["two-fillable.pdf"]
