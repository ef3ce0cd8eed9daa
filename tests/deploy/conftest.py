"""Real servers on 127.0.0.1 for the publishing tests: sshd, nginx, an S3-compatible server, a Baidu stub.

Each is started by a fixture with a private configuration under a temporary
folder and stopped afterwards.  Outside CI a missing program skips the tests
that need it (with the reason); under ``CI=true`` it fails them: CI must
never pass without having deployed to a real server.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import textwrap
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests import conftest as shared
from tests.conftest import ROOT, SAMPLE_CONTENT, run_build

SITE_CONF = ROOT / "deploy" / "nginx" / "site.conf"


# The test builds are staging publishes (the fixture is sample content: tests/conftest.py run_build),
# so the test targets are staging targets; deploying to a real one is refused (test_staging.py).
STAGING = {"staging": True}


def require(available: bool, reason: str) -> None:
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true: {reason}")
    pytest.skip(reason)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, log: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"server exited with {proc.returncode}: {log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    pytest.fail(f"nothing listens on 127.0.0.1:{port} after {seconds}s: {log.read_text(errors='replace')}")


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------- builds


ADDED_TEXT = "本文于发布后补充了一段说明。"


def public_urls(output: Path) -> set[str]:
    return set((output / "urls.txt").read_text(encoding="utf-8").split())


@pytest.fixture(scope="session")
def deploy_builds(tmp_path_factory, published_site) -> dict:
    """Two publishing builds: ``first`` of the sample content, ``second`` after an edit and a deletion.

    The second build appends a paragraph to one article and removes another,
    as an editor's next commit would.  The URLs of both come from the builds
    themselves (``edited_url``, ``removed_url``), not from file names.  Built
    once per run, whatever the number of pytest-xdist workers; ``first`` is the
    shared publishing build of the fixture site (``published_site``: the same
    command with a private copy of the same lock), not built again.
    """
    builds = shared.once_per_run(
        tmp_path_factory, "deploy-builds", lambda base: _deploy_builds(base, published_site)
    )
    return {**builds, "first": Path(builds["first"]), "second": Path(builds["second"])}


def _deploy_builds(base: Path, first: Path) -> dict:
    articles = [
        path
        for path in sorted((SAMPLE_CONTENT / "news").glob("20*/*.md"))
        if "status: draft" not in path.read_text(encoding="utf-8")
        and "status: withdrawn" not in path.read_text(encoding="utf-8")
    ]
    assert len(articles) >= 3
    empty_lock = base / "empty.lock"  # the lock would (rightly) refuse the removal; the deploy tests check it
    for attempt, removed in enumerate(reversed(articles[1:])):
        content = base / f"content-{attempt}"
        shutil.copytree(SAMPLE_CONTENT, content)
        edited = content / articles[0].relative_to(SAMPLE_CONTENT)
        edited.write_text(edited.read_text(encoding="utf-8") + f"\n\n{ADDED_TEXT}\n", encoding="utf-8")
        (content / removed.relative_to(SAMPLE_CONTENT)).unlink()
        result = run_build(
            content, base / f"second-{attempt}" / "output", "build", "--publish", "--lock", str(empty_lock)
        )
        if result.returncode == 0:
            second = result.output
            break
        assert "redirect-target-missing" in result.stderr, (
            result.stderr
        )  # a redirect points to it: try another
    else:
        pytest.fail("no article of the sample content can be removed without breaking a redirect")
    edited_pages = [
        p for p in second.glob("news/20*/*/index.html") if ADDED_TEXT in p.read_text(encoding="utf-8")
    ]
    assert len(edited_pages) == 1
    removed_urls = [
        u for u in public_urls(first) - public_urls(second) if u.startswith("/news/20") and u.count("/") == 4
    ]
    assert len(removed_urls) == 1
    return {
        "first": first,
        "second": second,
        "edited_url": "/" + str(edited_pages[0].parent.relative_to(second)) + "/",
        "removed_url": removed_urls[0],
    }


def settings_file(folder: Path, deploy: dict) -> Path:
    """A settings file like publishconf.py with test targets (the deploy CLI's ``--settings``)."""
    path = folder / "testpublishconf.py"
    path.write_text(
        textwrap.dedent(
            f"""
            import sys
            sys.path.insert(0, {str(ROOT)!r})
            from publishconf import *  # noqa: F403
            PATH = {str(SAMPLE_CONTENT)!r}
            DEPLOY = {deploy!r}
            """
        ),
        encoding="utf-8",
    )
    return path


def run_deploy(settings: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The real command line, as ``invoke deploy`` runs it."""
    return subprocess.run(
        [sys.executable, "-m", "wfu.deploy", *args, "--settings", str(settings)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONDONTWRITEBYTECODE="1", **(env or {})),
        timeout=600,
    )


# ---------------------------------------------------------------- sshd


@dataclass
class SshServer:
    port: int
    user: str
    key: Path
    known_hosts: Path

    def target(self, path: Path, **extra) -> dict:
        return {"kind": "server", "host": "127.0.0.1", "port": self.port, "user": self.user, "path": str(path),
                "identity_env": "WFU_TEST_SSH_KEY", "known_hosts": str(self.known_hosts), **STAGING, **extra}  # fmt: skip

    @property
    def env(self) -> dict:
        return {"WFU_TEST_SSH_KEY": str(self.key)}


@pytest.fixture(scope="session")
def sshd(tmp_path_factory):
    """A private OpenSSH server: own host key and config, key-only login for the current user.

    A deploy runs about eight commands over SSH, each a new connection.  Two lines of the
    server's configuration cut the CPU of one from about 250 ms to 36 ms (ssh and sshd,
    measured here) without changing what runs: ``KexAlgorithms`` picks the classic key
    exchange (the client's default, the post-quantum sntrup761 hybrid, costs 75 ms of its
    CPU), and ``SHLVL=1`` keeps bash from reading the login user's ``~/.bashrc`` for each
    command (bash reads it under sshd only at the first shell level; on these machines it
    runs ``pyenv init``, 140 ms).  The deploy code chooses neither.
    """
    sshd_bin = shutil.which("sshd") or "/usr/sbin/sshd"
    require(os.path.exists(sshd_bin) and bool(shutil.which("ssh")) and bool(shutil.which("rsync")),
            "the server target needs Debian openssh-server, openssh-client and rsync")  # fmt: skip
    folder = tmp_path_factory.mktemp("sshd")
    for name in ("host_key", "client_key"):
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(folder / name)], check=True)
    shutil.copy(folder / "client_key.pub", folder / "authorized_keys")
    port = free_port()
    config = folder / "sshd_config"
    config.write_text(
        textwrap.dedent(
            f"""
            Port {port}
            ListenAddress 127.0.0.1
            HostKey {folder}/host_key
            PidFile {folder}/sshd.pid
            AuthorizedKeysFile {folder}/authorized_keys
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            UsePAM no
            StrictModes no
            KexAlgorithms curve25519-sha256
            SetEnv SHLVL=1
            """
        )
    )
    if os.geteuid() == 0 and not os.path.isdir("/run/sshd"):
        os.makedirs("/run/sshd", mode=0o755)  # sshd's privilege separation folder (the service creates it)
    host_key = (folder / "host_key.pub").read_text().split()
    (folder / "known_hosts").write_text(f"[127.0.0.1]:{port} {host_key[0]} {host_key[1]}\n")
    log = folder / "sshd.log"
    proc = subprocess.Popen(
        [sshd_bin, "-D", "-e", "-f", str(config)], stdout=subprocess.DEVNULL, stderr=log.open("w")
    )
    try:
        wait_for_port(port, proc, log)
        yield SshServer(port, getpass.getuser(), folder / "client_key", folder / "known_hosts")
    finally:
        stop(proc)


# ---------------------------------------------------------------- nginx


@dataclass
class Nginx:
    port: int
    folder: Path
    pid: Path

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def reload_command(self) -> str:
        """What the server target runs after a switch (``after_switch``) so the new redirect map loads."""
        return f"kill -HUP $(cat {self.pid})"


def nginx_config(folder: Path, port: int, root: Path, site_conf: Path = SITE_CONF) -> str:
    """A private nginx: pid and logs under ``folder``, the shipped site.conf verbatim inside ``server {}``."""
    temp = {name: folder / name for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi")}
    for path in temp.values():
        path.mkdir(exist_ok=True)
    # The workers run as the test's user: pytest's temporary folders are private (0700) to it.
    user = f"user {getpass.getuser()};" if os.geteuid() == 0 else ""
    return textwrap.dedent(
        f"""
        {user}
        worker_processes 1;
        pid {folder}/nginx.pid;
        error_log {folder}/error.log;
        events {{ worker_connections 64; }}
        http {{
            include /etc/nginx/mime.types;
            default_type application/octet-stream;
            access_log {folder}/access.log;
            client_body_temp_path {temp["body"]};
            proxy_temp_path {temp["proxy"]};
            fastcgi_temp_path {temp["fastcgi"]};
            uwsgi_temp_path {temp["uwsgi"]};
            scgi_temp_path {temp["scgi"]};
            include {root}/redirects.nginx.conf;
            server {{
                listen 127.0.0.1:{port};
                root {root};
                include {site_conf};
            }}
        }}
        """
    )


def nginx_binary() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if os.path.exists("/usr/sbin/nginx") else "")
    require(bool(found), "these tests need Debian nginx (apt-get install -y nginx)")
    return found


@contextlib.contextmanager
def nginx_starter(base: Path):
    """Yields ``start(root)``: nginx serving ``root`` with the shipped config, state under ``base``; stops them all."""
    binary = nginx_binary()
    started: list[subprocess.Popen] = []

    def start(root: Path) -> Nginx:
        folder = base / f"nginx-{len(started)}"
        folder.mkdir()
        port = free_port()
        config = folder / "nginx.conf"
        config.write_text(nginx_config(folder, port, root))
        log = folder / "error.log"
        check = subprocess.run(
            [binary, "-t", "-c", str(config), "-e", str(log)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr
        proc = subprocess.Popen([binary, "-c", str(config), "-e", str(log), "-g", "daemon off;"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # fmt: skip
        started.append(proc)
        wait_for_port(port, proc, log)
        return Nginx(port, folder, folder / "nginx.pid")

    try:
        yield start
    finally:
        for proc in started:
            stop(proc)


@pytest.fixture
def start_nginx(tmp_path):
    """``start_nginx(root)`` starts nginx serving ``root`` (a release or ``current``) with the shipped config."""
    with nginx_starter(tmp_path) as start:
        yield start


# ---------------------------------------------------------------- S3 (moto_server)


# moto's S3 application served alone, the way ``moto_server`` serves it (werkzeug, threaded, moto's
# request handler).  ``moto_server`` puts a dispatcher for all of moto's services in front of it, which
# lists moto's package folder (about 200 stat calls) on every request to find the service: measured
# here, 4.5-4.8 ms of server CPU per PUT alone against 6.1-7.7 ms behind the dispatcher, and a full
# deploy of the fixture site is about 860 PUTs.  The S3 routes, code and answers are the same.
S3_SERVER = """
import logging, os, sys
from moto.moto_server.werkzeug_app import MotoRequestHandler, create_backend_app
from werkzeug.serving import run_simple
host, port = sys.argv[1], int(sys.argv[2])
os.environ.setdefault("MOTO_PORT", str(port))
logging.getLogger("werkzeug").setLevel(logging.WARNING)  # errors only, not a line per request
run_simple(host, port, create_backend_app("s3"), threaded=True, request_handler=MotoRequestHandler)
"""


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """moto's S3 server (S3-compatible object storage) on 127.0.0.1; yields its endpoint URL."""
    probe = subprocess.run([sys.executable, "-c", "import moto.server, boto3, flask"], capture_output=True)
    require(
        probe.returncode == 0, "the object-storage tests need moto[server] and boto3 (requirements-dev.txt)"
    )
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    proc = subprocess.Popen([sys.executable, "-c", S3_SERVER, "127.0.0.1", str(port)],
                            stdout=log.open("w"), stderr=subprocess.STDOUT)  # fmt: skip
    try:
        wait_for_port(port, proc, log)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(proc)


S3_ENV = {"WFU_TEST_S3_KEY": "test-key-id", "WFU_TEST_S3_SECRET": "test-secret"}


def new_bucket(endpoint: str) -> tuple[dict, object]:
    """A fresh bucket on the S3 server at ``endpoint``: (target settings, boto3 client)."""
    import boto3

    name = f"wfu-site-{secrets.token_hex(6)}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1",
                          aws_access_key_id="test-key-id", aws_secret_access_key="test-secret")  # fmt: skip
    client.create_bucket(Bucket=name)
    target = {"kind": "s3", "bucket": name, "endpoint_url": endpoint, "region": "us-east-1",
              "access_key_env": "WFU_TEST_S3_KEY", "secret_key_env": "WFU_TEST_S3_SECRET", "addressing_style": "path",
              **STAGING}  # fmt: skip
    return target, client


@pytest.fixture
def bucket(s3_server):
    """A fresh bucket on the local S3 server; yields (target settings, boto3 client)."""
    return new_bucket(s3_server)


def all_objects(client, bucket_name: str) -> dict[str, dict]:
    """Every object of the bucket with its stored headers."""
    objects = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket_name):
        for item in page.get("Contents", []):
            objects[item["Key"]] = item
    return objects


# ---------------------------------------------------------------- Baidu stub


@dataclass
class BaiduStub:
    endpoint: str
    requests: list = field(default_factory=list)


@contextlib.contextmanager
def baidu_server():
    """A stand-in for data.zz.baidu.com on 127.0.0.1 that records what it receives."""
    stub = BaiduStub("")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
            stub.requests.append({"path": self.path, "type": self.headers.get("Content-Type"), "body": body})
            answer = json.dumps({"success": len(body.splitlines()), "remain": 99}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    stub.endpoint = f"http://127.0.0.1:{server.server_address[1]}/urls"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield stub
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def baidu_stub():
    """A stand-in for data.zz.baidu.com on 127.0.0.1 that records what it receives."""
    with baidu_server() as stub:
        yield stub
