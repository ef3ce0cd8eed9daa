"""Which generator writes in which process (plugins/site/parallel.py split_output), with stand-ins.

Each scenario runs in a fresh interpreter: split_output only forks from a
process with a single thread, and a pytest worker may still hold threads
started by earlier tests (servers, watchers), which would keep everything in
one process and prove nothing.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pelican.generators import ArticlesGenerator

from plugins.site.buildcontext import KEY, BuildContext
from plugins.site.parallel import split_output

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one CPU: the output phase is never split")


class Memo:
    def __init__(self, mostly_unchanged: bool):
        self.answer = mostly_unchanged
        self.merged = []

    def mostly_unchanged(self) -> bool:
        return self.answer

    def child_state(self) -> dict:
        return {"from": os.getpid()}

    def merge_child_state(self, state) -> None:
        self.merged.append(state)


class Recorder:
    """A generator that notes the process it wrote in."""

    def __init__(self, name: str, log):
        self.name, self.log = name, log

    def generate_output(self, writer) -> None:
        with open(self.log, "a", encoding="utf-8") as handle:
            handle.write(f"{self.name} {os.getpid()}\n")


class Articles(Recorder, ArticlesGenerator):
    def __init__(self, log, memo):  # no Pelican set-up: only what split_output reads
        Recorder.__init__(self, "articles", log)
        self.settings = {"PARALLEL_OUTPUT": True}
        self.context = {KEY: BuildContext(site=None, today=date(2026, 1, 1), memo=memo)}  # type: ignore[arg-type]


def scenario(log: Path, mostly_unchanged: bool, names: list[str]) -> dict:
    """One split in this process; what wrote where, as the parent saw it."""
    memo = Memo(mostly_unchanged)
    generators = [Articles(log, memo)] + [Recorder(name, log) for name in names]
    split_output(generators)
    for generator in generators:
        generator.generate_output(None)
    pids = {name: int(pid) for name, pid in (line.split() for line in log.read_text().splitlines())}
    return {"parent": os.getpid(), "pids": pids, "merged": memo.merged}


def run(tmp_path, mostly_unchanged: bool, *names: str) -> dict:
    code = (
        "import json, sys, threading\n"
        "from pathlib import Path\n"
        "from tests.unit.test_parallel_split import scenario\n"
        "assert threading.active_count() == 1\n"
        "print(json.dumps(scenario(Path(sys.argv[1]), sys.argv[2] == 'yes', sys.argv[3:])))\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "log"), "yes" if mostly_unchanged else "no", *names],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


def test_the_articles_are_written_in_a_child_when_they_are_rendered(tmp_path):
    seen = run(tmp_path, False, "wechat", "api")
    pids, parent = seen["pids"], seen["parent"]
    assert pids["articles"] != parent
    assert pids["wechat"] == pids["api"] == parent
    assert seen["merged"] == [{"from": pids["articles"]}]  # what the child learnt came back


def test_everything_is_written_in_one_process_when_the_articles_are_mostly_copied(tmp_path):
    """No second copy of the parent's resident pages for a child that would mostly copy files."""
    seen = run(tmp_path, True, "wechat", "api")
    pids, parent = seen["pids"], seen["parent"]
    assert pids["articles"] == pids["wechat"] == pids["api"] == parent
    assert seen["merged"] == []  # no child, nothing to merge
