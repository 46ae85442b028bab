"""The YAML loader: positions, and every kind of hostile file."""

from __future__ import annotations

from generator.core.load import MAX_FILE_BYTES, LoadMemo, load_yaml_bytes, remembered_loads


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
