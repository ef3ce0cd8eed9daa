"""Editor mistakes checked in this process, the way ``invoke check`` and the build's first step check them.

``python -m wfu.build`` prints ``error.format()`` for every error
:func:`~plugins.site.loader.load_site` returns (``check`` is exactly that call;
``build`` makes it before Pelican starts and stops on any error).  A table of
mistakes therefore needs no subprocess per row: each row edits a copy of the
fixture site and asserts the ``(path, line, key)`` of the error and the line
the editor would read.  A few real command-line runs per file keep proving the
wiring (exit code, the summary, ``output/`` untouched): see
:func:`tests.conftest.assert_failed_cleanly`.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass
from pathlib import Path

from plugins.common.errors import ContentError
from plugins.site.loader import load_site
from wfu.build import load_settings


def load_errors(content: Path, **overrides) -> list[ContentError]:
    """Every error of ``content`` (sorted, as the command prints them)."""
    _, errors = load_site(load_settings(PATH=str(content), **overrides))
    return errors


def reported(errors: list[ContentError]) -> str:
    """What the command line prints for ``errors`` (one ``path:line: message [key]`` each)."""
    return "\n".join(e.format() for e in errors)


def first_error(errors: list[ContentError], key: str) -> ContentError:
    """The first error with ``key`` (the line the editor reads first), checked for its printed form."""
    found = [e for e in errors if e.key == key]
    assert found, reported(errors)
    error = found[0]
    printed = error.format()
    assert printed.endswith(f" [{key}]"), printed
    assert any("\u4e00" <= ch <= "\u9fff" for ch in error.message), printed  # a Chinese message
    return error


def assert_error_at(
    errors: list[ContentError], where: str, key: str, line: int | None = None
) -> ContentError:
    """The first ``key`` error is in file ``where`` (``content/…``), at ``line`` when given."""
    error = first_error(errors, key)
    assert error.path == where, reported(errors)
    if line is not None:
        assert error.line == line, reported(errors)
        assert error.format().startswith(f"{where}:{line}: "), error.format()
    return error


@dataclass
class Checked:
    """Exit code and printed text of ``python -m wfu.build check`` run in this process."""

    returncode: int
    stdout: str
    stderr: str


def check_in_process(content: Path, capsys) -> Checked:
    """``wfu.build.main(["check", …])`` itself (argument parsing, warnings, report, exit code), without a process.

    Log records reach stderr as the command's own ``logging.basicConfig`` would print them
    (pytest's handlers keep ``basicConfig`` from adding one), so a stray warning still shows.
    """
    from wfu.build import main

    root = logging.getLogger()
    logged = logging.StreamHandler(io.StringIO())
    logged.setLevel(logging.WARNING)
    logged.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    root.addHandler(logged)  # main() adds its filter (our own errors are printed once) to it too
    capsys.readouterr()  # only what this check prints
    try:
        code = main(["check", "--content", str(content)])
    finally:
        root.removeHandler(logged)
    out, err = capsys.readouterr()
    return Checked(code, out, err + logged.stream.getvalue())
