"""Run MkDocs, in-process and strict, on a generated project."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from .errors import CoursegenError
from .logcapture import collected_warnings

log = logging.getLogger(__name__)


class SiteBuildError(CoursegenError):
    """MkDocs reported problems in the generated pages (a coursegen bug)."""


def build_site(config_file: Path, site_dir: Path) -> None:
    """Build the website described by ``config_file`` into ``site_dir``."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    with collected_warnings("mkdocs", quiet=True) as messages:
        try:
            config = load_config(str(config_file), strict=True, site_dir=str(site_dir))
            build(config)
        except MkDocsException as exc:
            details = "\n".join(f"  {m}" for m in messages)
            message = f"MkDocs could not build the site: {exc}\n{details}".rstrip()
            raise SiteBuildError(message) from exc
