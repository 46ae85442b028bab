"""The YAML loader: positions, and every kind of hostile file."""

from __future__ import annotations

import pytest
import yaml

from generator.core import yaml_compose
from generator.core.load import MAX_FILE_BYTES, LoadMemo, load_yaml_bytes, remembered_loads
from generator.core.yaml_compose import compose, uses_libyaml


@pytest.fixture(autouse=True, params=["libyaml", "python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every case runs with libyaml and as on a PyYAML built without it."""
    if request.param == "python":
        monkeypatch.setattr(yaml_compose, "LIBYAML_PARSER", None)
    return str(request.param)


def problems_of(text: str | bytes) -> list[str]:
    raw = text.encode() if isinstance(text, str) else text
    _, problems = load_yaml_bytes(raw, "f.yml")
    return [p.render() for p in problems]


def test_positions_are_kept_for_every_value() -> None:
    loaded, problems = load_yaml_bytes(b"title: A\nitems:\n  - one\n  - two: 2\n", "f.yml")
    assert problems == []
    assert loaded is not None
    assert loaded.data == {"title": "A", "items": ["one", {"two": 2}]}
    assert str(loaded.source.locate(("items", 1, "two"))) == "f.yml:4:10"
    assert str(loaded.source.locate_key(("items", 1, "two"))) == "f.yml:4:5"
    assert str(loaded.source.locate(("items", 0))) == "f.yml:3:5"


def test_syntax_error_is_located_and_explained() -> None:
    assert problems_of("title: A\nbody: one: two\n") == [
        "f.yml:2:10: error: YAML syntax error: a colon ':' appears where YAML does not "
        "expect one\n    hint: put text that contains ': ' in quotes"
    ]


def test_tab_indentation() -> None:
    assert problems_of("a:\n\tb: 1\n") == [
        "f.yml:2:1: error: a tab is used for indentation; YAML only allows spaces\n"
        "    hint: replace the tab with spaces (most editors: 'convert indentation to spaces')"
    ]


def test_duplicate_keys_are_errors() -> None:
    assert problems_of("title: A\nsummary: B\ntitle: C\n") == [
        "f.yml:3:1: error: duplicate key 'title' (first defined at line 1)\n"
        "    hint: remove one of the two, or rename it"
    ]


def test_empty_file() -> None:
    assert problems_of("# only a comment\n") == [
        "f.yml:1:1: error: the file is empty\n    hint: add content or delete the file"
    ]


def test_binary_file() -> None:
    assert problems_of(b"\x89PNG\r\n\x1a\n\x00\x00") == [
        "f.yml:1:1: error: this is a binary file, not YAML text\n    hint: check the file name"
    ]


def test_not_utf8() -> None:
    assert problems_of(b"title: caf\xe9\n") == [
        "f.yml:1:11: error: the file is not UTF-8 text\n    hint: save it as UTF-8 in your editor"
    ]


def test_oversized_file() -> None:
    big = b"a: " + b"x" * MAX_FILE_BYTES
    [message] = problems_of(big)
    assert message.startswith("f.yml:1:1: error: the file is 1,000,003 bytes; the limit is")


def test_alias_bomb_is_bounded() -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    [message] = problems_of("\n".join(lines) + "\n")
    assert "expands to more than 200,000 values" in message
    assert message.startswith("f.yml:")


def test_merge_keys_are_refused() -> None:
    [message] = problems_of("base: &b {x: 1}\nother:\n  <<: *b\n")
    assert message.startswith("f.yml:3:3: error: merge keys ('<<') are not supported")


def test_every_explicit_tag_is_refused_at_its_place() -> None:
    text = "a: !!python/object:os.system echo\nb: !!int abc\nc: [!!float ., !!str x]\n"
    found = [m.splitlines()[0] for m in problems_of(text)]
    assert [m.split(" such as ")[1] for m in found] == [
        "'!!python/object:os.system' are not allowed",
        "'!!int' are not allowed",
        "'!!float' are not allowed",
        "'!!str' are not allowed",
    ]
    assert [m.split(": error: ")[0] for m in found] == [
        "f.yml:1:4",
        "f.yml:2:4",
        "f.yml:3:5",
        "f.yml:3:16",
    ]


def test_nesting_is_refused_before_the_composer_recurses() -> None:
    for text in ("a: " + "[" * 2000 + "]" * 2000, "a: " + "{b: " * 2000 + "1" + "}" * 2000):
        [message] = problems_of(text)
        assert message.startswith("f.yml:1:")
        assert "nested more than 64 levels deep" in message
    # libyaml alone would stop at its own limit, 1,000 levels in, and word it differently.
    [message] = problems_of("a: " + "[" * 2000 + "]" * 2000)
    assert message.startswith("f.yml:1:67: error: lists and mappings are nested more than 64")


def test_a_long_file_is_refused_after_counting_part_of_it() -> None:
    [message] = problems_of("- a\n" * 240_000)
    assert message.startswith("f.yml:20000:3: error: the file holds more than 20,000 values")
    assert "alias" not in message


def test_bool_words_remember_their_spelling() -> None:
    loaded, _ = load_yaml_bytes(b"a: no\nb: 'no'\n", "f.yml")
    assert loaded is not None
    assert loaded.data == {"a": False, "b": "no"}
    assert loaded.source.scalars[("a",)].raw == "no"
    assert loaded.source.scalars[("b",)].quoted


def test_libyaml_reads_a_good_file(parser: str) -> None:
    """PyYAML's wheels carry libyaml, about twenty times faster than its Python parser;
    a PyYAML without it still loads every file, with the same messages."""
    assert yaml.__with_libyaml__, "PyYAML was built without libyaml: loading is slow"
    composer, node = compose("title: A\nitems: [1, two]\n", "f.yml")
    assert node is not None
    assert uses_libyaml() is (parser == "libyaml")
    assert composer.libyaml is (parser == "libyaml")


def test_syntax_errors_keep_the_python_parser_wording() -> None:
    """libyaml would say only 'found character that cannot start any token'."""
    assert problems_of("title: A\nsummary: @home\n") == [
        "f.yml:2:10: error: YAML syntax error: found character '@' that cannot start any token "
        "(while scanning for the next token)\n"
        "    hint: put text that starts with this character in quotes"
    ]
    assert problems_of("title: A\n  summary: B\n") == [
        "f.yml:2:10: error: YAML syntax error: a colon ':' appears where YAML does not "
        "expect one\n    hint: put text that contains ': ' in quotes"
    ]


def test_a_tab_inside_plain_text_is_refused() -> None:
    """libyaml would keep the tab in the value; the Python parser refuses it."""
    [message] = problems_of("title: Riv\tera Coaching\n")
    assert message.startswith("f.yml:1:11: error: YAML syntax error: found character '\\t'")
    loaded, problems = load_yaml_bytes(b"title: 'a\tb'\nbody: |\n  c\td\n", "f.yml")
    assert problems == []
    assert loaded is not None
    assert loaded.data == {"title": "a\tb", "body": "c\td\n"}


def test_a_second_document_and_anchor_errors_are_located() -> None:
    assert problems_of("a: 1\n---\nb: 2\n")[0].startswith(
        "f.yml:2:1: error: YAML syntax error: but found another document (expected a single "
    )
    assert problems_of("a: *nothing\n")[0].startswith(
        "f.yml:1:4: error: YAML syntax error: found undefined alias 'nothing'"
    )
    assert problems_of("a: &x 1\nb: &x 2\n")[0].startswith(
        "f.yml:2:4: error: YAML syntax error: second occurrence (found duplicate anchor 'x'"
    )


def test_text_positions_and_styles_are_the_same_with_either_parser() -> None:
    loaded, problems = load_yaml_bytes(
        "a: caf\u00e9 au lait\nb: 'x'\nc: |\n  one\n  two\nd: >\n  f\ne: \"q\"\n".encode(),
        "f.yml",
    )
    assert problems == []
    assert loaded is not None
    source = loaded.source
    assert [str(source.locate_text((key,), 1)) for key in "abc"] == [
        "f.yml:1:5",
        "f.yml:2:6",
        "f.yml:4:4",
    ]
    assert [source.scalars[(key,)].quoted for key in "abcde"] == [False, True, True, True, True]


def test_a_memo_gives_each_load_its_own_copy_and_parses_changed_bytes_again() -> None:
    memo = LoadMemo()
    raw = b"title: A\nitems:\n  - one\n"
    with remembered_loads(memo):
        first, _ = load_yaml_bytes(raw, "f.yml")
        assert first is not None
        first.data["items"].append("changed by a caller")
        again, _ = load_yaml_bytes(raw, "f.yml")
        edited, _ = load_yaml_bytes(b"title: B\nitems:\n  - one\n", "f.yml")
        broken = problems_of("title: A\ntitle: B\n")
        assert problems_of("title: A\ntitle: B\n") == broken != []
    assert again is not None and again is not first
    assert again.data == {"title": "A", "items": ["one"]}
    assert str(again.source.locate(("items", 0))) == "f.yml:3:5"
    assert edited is not None and edited.data["title"] == "B"
