"""A static file server that compresses text as real hosts do:
python benchmarks/gzip_server.py PORT (serves the current folder on 127.0.0.1).

``python -m http.server`` sends every file uncompressed, which no host the
course is published on does (GitHub Pages, Netlify, nginx with ``gzip on``);
Lighthouse then counts the difference against the page. Here HTML, CSS,
JavaScript, JSON, SVG and XML go out gzipped to a browser that accepts it.
"""

from __future__ import annotations

import gzip
import http.server
import sys
from functools import partial
from pathlib import Path

COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


class Handler(http.server.SimpleHTTPRequestHandler):
    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not accepts or path.suffix not in COMPRESSED or not path.is_file():
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        self.wfile.write(body)
        return None

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> int:
    port = int(sys.argv[1])
    handler = partial(Handler, directory=str(Path.cwd()))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        server.serve_forever()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
