"""Every shipped interface language translates every English string."""

from __future__ import annotations

import re

import pytest
import yaml

from generator.ui import available_languages, load_strings

FIELDS = re.compile(r"\{([a-z]+)\}")


def english() -> dict[str, str]:
    from importlib import resources

    text = (resources.files("generator") / "locales" / "en.yml").read_text("utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


def test_english_spanish_and_french_are_shipped() -> None:
    assert {"en", "es", "fr"} <= set(available_languages())


@pytest.mark.parametrize("language", [lang for lang in available_languages() if lang != "en"])
def test_every_string_is_translated(language: str) -> None:
    from importlib import resources

    text = (resources.files("generator") / "locales" / f"{language}.yml").read_text("utf-8")
    own = yaml.safe_load(text)
    base = english()
    assert sorted(set(base) - set(own)) == []
    assert sorted(set(own) - set(base)) == []
    for key, value in own.items():
        assert set(FIELDS.findall(value)) == set(FIELDS.findall(base[key])), key


def test_missing_keys_fall_back_to_english() -> None:
    assert load_strings("xx")["tone"] == "Tone"
