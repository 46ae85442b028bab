"""Run MkDocs, in-process and strict, on a generated project."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .errors import CoursegenError

log = logging.getLogger(__name__)


class SiteBuildError(CoursegenError):
    """MkDocs reported problems in the generated pages (a coursegen bug)."""


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def build_site(config_file: Path, site_dir: Path) -> None:
    """Build the website described by ``config_file`` into ``site_dir``."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    mkdocs_log = logging.getLogger("mkdocs")
    collector = _Collect()
    mkdocs_log.addHandler(collector)
    previous = mkdocs_log.level
    mkdocs_log.setLevel(logging.WARNING)
    try:
        config = load_config(str(config_file), strict=True, site_dir=str(site_dir))
        build(config)
    except MkDocsException as exc:
        details = "\n".join(f"  {m}" for m in collector.messages)
        raise SiteBuildError(f"MkDocs could not build the site: {exc}\n{details}".rstrip()) from exc
    finally:
        mkdocs_log.removeHandler(collector)
        mkdocs_log.setLevel(previous)
