"""Live preview: MkDocs' server on the root ``mkdocs.yml`` with our hooks."""

from __future__ import annotations

import errno
import os
import re
import socket
from pathlib import Path

from .build import Overrides
from .errors import CoursegenError, UsageError, shown

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


def serve(root: Path, edition: str, dev_addr: str, overrides: Overrides) -> None:
    """Serve ``edition`` and rebuild when a YAML file or template changes."""
    config = root / "mkdocs.yml"
    check_hook(config)
    host, port = parse_dev_addr(dev_addr)
    if not _port_free(host, port):
        raise _busy(host, port)
    # The MkDocs hook runs inside MkDocs: it learns the edition from the environment.
    os.environ["COURSEGEN_EDITION"] = edition
    os.environ["COURSEGEN_LANGUAGE"] = overrides.language or ""
    os.environ["COURSEGEN_SITE_URL"] = overrides.site_url or ""
    os.environ["COURSEGEN_PAPER"] = overrides.paper or ""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands.serve import serve as mkdocs_serve

    try:
        mkdocs_serve(config_file=str(config), dev_addr=dev_addr, livereload=True)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:  # taken between our check and MkDocs' bind
            raise _busy(host, port) from None
        raise
