"""Live preview: MkDocs' live-reload server on the root ``mkdocs.yml`` with our hooks.

MkDocs' own ``serve`` keeps what happens to itself: it logs, and after a failed
rebuild it holds every request until a build succeeds. Here the same server is
driven so that each rebuild is reported (what changed, how long it took, the
located problems), and while the course does not build every page request gets
a page listing the problems, which reloads into the course once it builds again.
"""

from __future__ import annotations

import errno
import logging
import os
import re
import signal
import socket
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, MkDocsException

from .check import Overrides
from .core.errors import ContentError, CoursegenError, UsageError, shown
from .preview_build import Preview, quiet_dirty_notice
from .preview_server import PreviewServer, quiet_error_pages
from .render.error_page import render_error_page
from .write import build_lock, build_root, preview_folder

HOOK = "mkdocs_hooks.py"
_HOOK_LINE = re.compile(r"^\s*-\s*['\"]?([^'\"#\s]*" + re.escape(HOOK) + r")['\"]?\s*(#.*)?$")


def parse_dev_addr(dev_addr: str) -> tuple[str, int]:
    """``IP:PORT`` as a host and a port, or a usage error."""
    host, sep, port = dev_addr.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--dev-addr {shown(dev_addr)}: expected IP:PORT, e.g. 127.0.0.1:8000")
    return host.strip("[]"), int(port)


def _port_free(host: str, port: int) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # The same option MkDocs' server sets, so a port in TIME_WAIT counts as free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return False
            raise UsageError(f"--dev-addr {host}:{port}: {exc.strerror}") from None
    return True


def _busy(host: str, port: int) -> CoursegenError:
    free = next((p for p in range(port + 1, min(port + 50, 65536)) if _port_free(host, p)), 0)
    hint = f": use --dev-addr {host}:{free}" if free else ""
    return CoursegenError(f"port {port} is busy{hint}")


def check_hook(config: Path) -> None:
    """The root ``mkdocs.yml`` must name coursegen's hook, and the hook must exist."""
    if not config.is_file():
        raise UsageError(
            f"{config} is missing; serve needs the mkdocs.yml that ships with coursegen"
        )
    named = [m.group(1) for m in map(_HOOK_LINE.match, config.read_text("utf-8").splitlines()) if m]
    if not named:
        raise UsageError(
            f"{config} does not name coursegen's hook; add it under 'hooks:' "
            f"(- generator/{HOOK}) or copy mkdocs.yml from the coursegen project"
        )
    hook = config.parent / named[0]
    if not hook.is_file():
        raise UsageError(
            f"the hook {named[0]} named in {config} is missing; "
            "copy the generator/ folder (or a link to it) into the project"
        )


@dataclass(frozen=True)
class Rebuild:
    """One rebuild after a change."""

    changed: tuple[str, ...]
    """The files whose change started it, relative to the project when inside it."""
    seconds: float
    error: CoursegenError | None = None
    """What stopped it; None when the site was rebuilt."""
    recovered: bool = False
    """It built after the previous rebuild had failed."""


class ServeEvents(Protocol):
    """What the preview has to say; the CLI prints it."""

    def listening(self, url: str) -> None: ...

    def rebuilt(self, rebuild: Rebuild) -> None: ...

    def stopped(self) -> None: ...


def serve(
    root: Path, edition: str, dev_addr: str, overrides: Overrides, events: ServeEvents
) -> None:
    """Serve ``edition`` and rebuild when a YAML file or template changes, until Ctrl-C."""
    config_file = root / "mkdocs.yml"
    check_hook(config_file)
    host, port = parse_dev_addr(dev_addr)
    if not _port_free(host, port):
        raise _busy(host, port)
    # The MkDocs hook runs inside MkDocs: it learns the edition from the environment.
    # COURSEGEN_PREVIEW has it leave the pages to us (see Preview, which applies
    # the overrides) and only take the generated configuration.
    os.environ["COURSEGEN_EDITION"] = edition
    os.environ["COURSEGEN_PREVIEW"] = "1"
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    # Stopped by a service manager or a test (SIGTERM) as by Ctrl-C: the preview
    # folder is removed and the edition's build lock released on the way out.
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        with preview_folder() as site_dir:
            preview = Preview(root, edition, overrides)
            _serve(preview, config_file, (host, port), dev_addr, site_dir, events)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    events.stopped()


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _serve(
    preview: Preview,
    config_file: Path,
    address: tuple[str, int],
    dev_addr: str,
    site_dir: Path,
    events: ServeEvents,
) -> None:
    def configure() -> MkDocsConfig:
        try:
            return load_config(
                config_file=str(config_file), site_dir=str(site_dir), dev_addr=dev_addr
            )
        except (Abort, MkDocsException) as exc:
            raise CoursegenError(f"{config_file}: {exc}") from None

    failed = False

    def rebuild() -> None:
        """Called by MkDocs' server loop after files changed; never raises for a
        broken course, so that the loop reloads the browsers onto the error page."""
        nonlocal failed
        changed = server.take_changes()
        started = time.monotonic()
        try:
            _build(configure(), server.url, preview, full=config_file.name in changed)
        except CoursegenError as exc:
            server.error_page = _error_page(exc)
            events.rebuilt(Rebuild(changed, time.monotonic() - started, exc))
            failed = True
            return
        server.error_page = None
        events.rebuilt(Rebuild(changed, time.monotonic() - started, recovered=failed))
        failed = False

    config = configure()
    config.plugins.on_startup(command="serve", dirty=False)
    server = PreviewServer(
        preview.root,
        events.listening,
        builder=rebuild,
        host=address[0],
        port=address[1],
        root=str(site_dir),
        mount_path=urlsplit(config.site_url or "/").path,
    )
    build_log = logging.getLogger("mkdocs.commands.build")
    build_log.addFilter(quiet_dirty_notice)
    livereload_log = logging.getLogger("mkdocs.livereload")
    try:
        _build(config, server.url, preview)
        # The hook watches content/, editions/, worksheets/ and the templates.
        config.plugins.on_serve(server, config=config, builder=rebuild)
        server.watch(str(config_file))
        livereload_log.addFilter(quiet_error_pages)
        try:
            server.serve()  # type: ignore[no-untyped-call]  # MkDocs leaves it unannotated
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:  # taken between our check and the bind
                raise _busy(*address) from None
            raise
        finally:
            server.shutdown()
            livereload_log.removeFilter(quiet_error_pages)
    finally:
        build_log.removeFilter(quiet_dirty_notice)
        config.plugins.on_shutdown()


def _build(config: MkDocsConfig, url: str, preview: Preview, full: bool = True) -> None:
    """Regenerate the pages, then build the preview site from them: only the
    pages that changed when the navigation did not (see Preview). Course
    problems arrive as ContentError, and leave the served site as it was."""
    config.site_url = url
    # Held from the pages to the site, so that a `coursegen build` of the same
    # edition does not swap build/<edition>/docs away in the middle.
    with build_lock(build_root(preview.root), preview.edition):
        dirty = preview.prepare(full)
        config.plugins["coursegen/preview"] = preview.plugin(dirty)
        built = False
        try:
            build(config, serve_url=url, dirty=dirty)
            built = True
        except (Abort, MkDocsException) as exc:
            # MkDocs has logged why, as an error, just above.
            raise CoursegenError(f"MkDocs stopped the build: {exc}") from None
        finally:
            preview.finished(built)


def _error_page(error: CoursegenError) -> bytes:
    if isinstance(error, ContentError):
        page = render_error_page(error.problems, error.report().splitlines()[-1])
    else:
        page = render_error_page((), str(error))
    return page.encode("utf-8")
