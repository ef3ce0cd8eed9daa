"""Live preview: rebuild on every change and reload the browser.

Each rebuild runs in a fresh process (so edited plugins are reloaded too) and
goes through the safe build: a content error is printed and the preview keeps
showing the last good site.
"""

from __future__ import annotations

import os
import subprocess
import sys

from .build import ROOT

WATCHED = ("content", "theme", "plugins", "pelicanconf.py")


def rebuild() -> None:
    subprocess.run([sys.executable, "-m", "wfu.build", "build"], cwd=ROOT, check=False)


def serve(host: str = "127.0.0.1", port: int = 8000) -> None:
    from livereload import Server

    rebuild()
    server = Server()
    for name in WATCHED:
        path = os.path.join(ROOT, name)
        server.watch(path if os.path.isfile(path) else os.path.join(path, "**", "*"), rebuild)
    print(f"预览地址：http://{host}:{port}/ （修改内容后自动刷新，按 Ctrl+C 退出）")
    server.serve(host=host, port=port, root=os.path.join(ROOT, "output"), open_url_delay=None)
