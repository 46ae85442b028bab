"""The web server behind ``coursegen serve``: MkDocs' live-reload server, noting
which files changed and answering with the course's error page while it is broken."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from wsgiref.types import StartResponse, WSGIEnvironment

from mkdocs.livereload import LiveReloadServer
from watchdog.events import FileSystemEvent, FileSystemEventHandler

_ERROR_STATUS = "503 Service Unavailable"


def quiet_error_pages(record: logging.LogRecord) -> bool:
    """MkDocs logs every answer but 200 as a warning; the error page (503) comes
    with every reload while the course is broken, and the terminal already said why."""
    return not record.getMessage().endswith(f" code {_ERROR_STATUS[:3]}")


class PreviewServer(LiveReloadServer):
    """MkDocs' live-reload server that also notes which files changed, says when
    it listens, and answers page requests with ``error_page`` while one is set."""

    def __init__(self, project: Path, listening: Callable[[str], None], **options: Any) -> None:
        super().__init__(**options)
        self.project = project
        self.listening = listening
        self.error_page: bytes | None = None
        self._changed: set[str] = set()
        self._changed_lock = threading.Lock()
        self._noted: set[str] = set()

    def server_activate(self) -> None:
        super().server_activate()
        self.listening(self.url)

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        super().watch(path, func, recursive=recursive)
        path = str(Path(path).absolute())
        if path not in self._noted:
            self._noted.add(path)
            self.observer.schedule(_ChangeNotes(self._note), path, recursive=recursive)

    def _note(self, paths: Iterable[str]) -> None:
        with self._changed_lock:
            self._changed.update(paths)

    def take_changes(self) -> tuple[str, ...]:
        """The files changed since the last call, sorted, relative to the project."""
        with self._changed_lock:
            changed, self._changed = self._changed, set()
        return tuple(sorted(_relative(self.project, Path(p)) for p in changed))

    def serve_request(
        self, environ: WSGIEnvironment, start_response: StartResponse
    ) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if self.error_page is None or not path.endswith(("/", ".html")):
            return super().serve_request(environ, start_response)
        # As MkDocs does for a file: wait for a rebuild under way, then answer.
        with self._epoch_cond:
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            epoch = self._visible_epoch
            page = self.error_page
        if page is None:  # the rebuild we waited for mended the course
            return super().serve_request(environ, start_response)
        # MkDocs' own reload script: the page turns back into the course once it builds.
        body: bytes = self._inject_js_into_html(page, epoch)  # type: ignore[no-untyped-call]
        start_response(
            _ERROR_STATUS,
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
            ],
        )
        return [body]


class _ChangeNotes(FileSystemEventHandler):
    def __init__(self, note: Callable[[Iterable[str]], None]) -> None:
        self.note = note

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.is_directory:
            return
        # A move (an editor saving through a temporary file) changes its destination.
        path = event.dest_path or event.src_path
        self.note([os.fsdecode(path)])


def _relative(project: Path, path: Path) -> str:
    try:
        return path.relative_to(project).as_posix()
    except ValueError:
        return str(path)
