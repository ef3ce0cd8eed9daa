"""``invoke cms``: the web editor on the office computer.

Starts Decap's local backend (``decap-server``, from ``tools/cms``) on
127.0.0.1, editing the working copy, then the live preview (``wfu.serve``)
beside it: the editor opens ``http://127.0.0.1:8000/admin/``, saves, and the
preview rebuilds.  Stopping the preview stops the backend too.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SERVER = os.path.join(ROOT, "tools", "cms", "node_modules", "decap-server", "dist", "index.js")


class CmsUnavailable(Exception):
    """Node or the npm packages are missing: a sentence saying how to install them."""


def server_command(node: str | None = None) -> list[str]:
    """``node …/decap-server/dist/index.js``, or :class:`CmsUnavailable` with the fix."""
    node = node or shutil.which("node") or shutil.which("nodejs")
    if not node:
        raise CmsUnavailable(
            "找不到 Node.js：请安装（Debian：apt-get install -y nodejs npm）后再运行 invoke cms"
        )
    if not os.path.isfile(SERVER):
        raise CmsUnavailable(
            "网页编辑器尚未安装：请在网站文件夹中运行 npm ci --prefix tools/cms，然后再运行 invoke cms"
        )
    return [node, SERVER]


def server_env(repo: str, port: int, commit: bool = False) -> dict[str, str]:
    """decap-server's settings: only 127.0.0.1, this repository, files or commits."""
    return {
        **os.environ,
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
        "MODE": "git" if commit else "fs",
        "GIT_REPO_DIRECTORY": os.path.abspath(repo),
        "LOG_LEVEL": os.environ.get("CMS_LOG_LEVEL", "warn"),
    }


def start_server(repo: str, port: int, commit: bool = False, **popen) -> subprocess.Popen:
    """decap-server as a child process (the caller stops it)."""
    return subprocess.Popen(server_command(), env=server_env(repo, port, commit), cwd=repo, **popen)


def main(argv: list[str] | None = None) -> int:
    from .build import load_settings
    from .serve import main as serve_main

    parser = argparse.ArgumentParser(prog="python -m wfu.cms")
    parser.add_argument("--port", type=int, default=8000, help="preview port")
    parser.add_argument("--commit", action="store_true", help="commit every save (decap-server git mode)")
    args = parser.parse_args(argv)
    from plugins.cms.settings import cms_config

    backend_port = cms_config(load_settings().get("CMS")).local_port
    try:
        server = start_server(ROOT, backend_port, args.commit)
    except CmsUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"网页编辑器：http://127.0.0.1:{args.port}/admin/（本地后端 127.0.0.1:{backend_port}）")
    try:
        serve_main(["--port", str(args.port)])
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
