"""Where Jinja keeps the compiled templates of each kind of environment, in
memory; ``template_cache`` fills and saves them between builds."""

from __future__ import annotations

import hashlib
import importlib.metadata
import platform
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

FORMAT = b"coursegen-jinja-cache 1\n"

GENERATOR_DIR = Path(__file__).resolve().parent.parent


class MemoryBytecode(jinja2.BytecodeCache):
    """Compiled templates of one kind of environment, in memory."""

    def __init__(self, kind: str, options: Path) -> None:
        self.kind = kind
        self.options = options
        """The module that sets the environment's options."""
        self.code: dict[str, bytes] = {}
        self.compiled = False
        """A template was compiled since the store was filled."""

    def load_bytecode(self, bucket: Bucket) -> None:
        data = self.code.get(bucket.key)
        if data is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
        self.compiled = True

    def key(self) -> str:
        """The entry holding this kind's templates."""
        digest = hashlib.sha256(FORMAT)
        digest.update(f"{self.kind}\0jinja2={importlib.metadata.version('jinja2')}\0".encode())
        digest.update(f"python={platform.python_version()}\0".encode())
        digest.update(self.options.read_bytes())
        return digest.hexdigest()


SITE = MemoryBytecode("site", GENERATOR_DIR / "render" / "site.py")
PAPER = MemoryBytecode("paper", GENERATOR_DIR / "worksheet" / "render.py")
