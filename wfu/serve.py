"""Live preview: rebuild on every change and reload the browser.

Each rebuild runs in a fresh process (so edited plugins are reloaded too) and
goes through the safe build: a content error is printed and the preview keeps
showing the last good site.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys

from .build import ROOT

WATCHED = ("theme", "plugins", "pelicanconf.py")


def serve(
    host: str = "127.0.0.1", port: int = 8000, content: str | None = None, output: str | None = None
) -> None:
    from livereload import Server

    content = os.path.abspath(content or os.path.join(ROOT, "content"))
    output = os.path.abspath(output or os.path.join(ROOT, "output"))
    command = [sys.executable, "-m", "wfu.build", "build", "--content", content, "--output", output]

    def rebuild() -> None:
        subprocess.run(command, cwd=ROOT, check=False)

    rebuild()
    os.makedirs(output, exist_ok=True)
    server = Server()
    for path in (content, *(os.path.join(ROOT, name) for name in WATCHED)):
        server.watch(path if os.path.isfile(path) else os.path.join(path, "**", "*"), rebuild)
    print(f"预览地址：http://{host}:{port}/ （修改内容后自动刷新，按 Ctrl+C 退出）", flush=True)
    server.serve(host=host, port=port, root=output, open_url_delay=None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m wfu.serve")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--content")
    parser.add_argument("--output")
    args = parser.parse_args(argv)
    serve(args.host, args.port, args.content, args.output)


if __name__ == "__main__":
    main()
