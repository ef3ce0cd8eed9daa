"""Create or reuse the project's virtual environment, then run an invoke task inside it.

Debian and Ubuntu refuse ``pip install`` outside a virtual environment (PEP
668), and their ``python3`` may lack ``ensurepip`` (the ``python3-venv``
package).  This script needs only the standard library: it makes ``.venv``
(without pip if ``ensurepip`` is missing, then installs pip from PyPI's own
wheel), installs the requirements when they changed since the last run, and
runs ``python -m invoke TASK…`` inside it:

    python3 tools/bootstrap.py build            # requirements.txt
    python3 tools/bootstrap.py --dev test       # requirements-dev.txt too
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import urllib.request
import venv

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv")
PYTHON = os.path.join(VENV, "bin", "python")
STAMP = os.path.join(VENV, ".requirements.sha256")
PIP_INDEX = "https://pypi.org/pypi/pip/json"


def ensure_venv() -> None:
    if os.path.isfile(PYTHON) and _has_pip():
        return
    try:
        import ensurepip  # noqa: F401 - only its presence matters

        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    except (ImportError, subprocess.CalledProcessError):
        venv.EnvBuilder(with_pip=False, clear=False).create(VENV)
    if not _has_pip():
        _install_pip_from_pypi()


def _has_pip() -> bool:
    return subprocess.run([PYTHON, "-m", "pip", "--version"], capture_output=True).returncode == 0


def _install_pip_from_pypi() -> None:
    """Install pip from its wheel on PyPI: a wheel runs as a zip application."""
    with urllib.request.urlopen(PIP_INDEX, timeout=60) as response:
        release = json.load(response)
    wheel = next(f for f in release["urls"] if f["packagetype"] == "bdist_wheel")
    with tempfile.TemporaryDirectory() as folder:
        target = os.path.join(folder, wheel["filename"])
        urllib.request.urlretrieve(wheel["url"], target)
        with open(target, "rb") as handle:
            if hashlib.sha256(handle.read()).hexdigest() != wheel["digests"]["sha256"]:
                sys.exit("pip 安装包校验失败（sha256 不符），请重试")
        subprocess.run([PYTHON, os.path.join(target, "pip"), "install", "--quiet", target], check=True)


def ensure_requirements(dev: bool) -> None:
    """``pip install -r`` only when the requirement files changed since the last install."""
    files = ["requirements.txt"] + (["requirements-dev.txt"] if dev else [])
    digest = hashlib.sha256()
    for name in files:
        with open(os.path.join(ROOT, name), "rb") as handle:
            digest.update(name.encode() + b"\0" + handle.read())
    wanted = digest.hexdigest()
    if os.path.isfile(STAMP) and wanted in open(STAMP, encoding="utf-8").read().split():
        return
    subprocess.run(
        [PYTHON, "-m", "pip", "install", "--quiet", "-r", os.path.join(ROOT, files[-1])], check=True
    )
    with open(STAMP, "a", encoding="utf-8") as handle:
        handle.write(wanted + "\n")


def main(argv: list[str]) -> int:
    dev = "--dev" in argv
    args = [a for a in argv if a != "--dev"]
    if not args:
        print(__doc__)
        return 2
    ensure_venv()
    ensure_requirements(dev)
    os.chdir(ROOT)
    os.execv(PYTHON, [PYTHON, "-m", "invoke", *args])
    return 0  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
