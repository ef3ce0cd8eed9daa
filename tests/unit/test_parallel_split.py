"""Which generator writes in which process (plugins/site/parallel.py split_output), with stand-ins."""

from __future__ import annotations

import os

import pytest
from pelican.generators import ArticlesGenerator

from plugins.site.incremental import SETTING as MEMO
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

    write_in_child = False

    def __init__(self, name: str, log):
        self.name, self.log = name, log

    def generate_output(self, writer) -> None:
        with open(self.log, "a", encoding="utf-8") as handle:
            handle.write(f"{self.name} {os.getpid()}\n")


class Articles(Recorder, ArticlesGenerator):
    def __init__(self, log, memo):  # no Pelican set-up: only what split_output reads
        Recorder.__init__(self, "articles", log)
        self.settings = {"PARALLEL_OUTPUT": True, MEMO: memo}
        self.context = {}


class Companion(Recorder):
    write_in_child = True


def run(tmp_path, memo, *names: str) -> dict[str, int]:
    log = tmp_path / "log"
    generators = [Articles(log, memo)]
    generators += [
        Companion(name[1:], log) if name.startswith("+") else Recorder(name, log) for name in names
    ]
    split_output(generators)
    for generator in generators:
        generator.generate_output(None)
    return {name: int(pid) for name, pid in (line.split() for line in log.read_text().splitlines())}


def test_a_companion_follows_the_articles_into_the_child_when_they_are_mostly_copied(tmp_path):
    memo = Memo(True)
    pids = run(tmp_path, memo, "+wechat", "api")
    assert pids["articles"] == pids["wechat"] != os.getpid()
    assert pids["api"] == os.getpid()
    assert memo.merged == [{"from": pids["articles"]}]  # what the child learnt came back


def test_a_companion_stays_in_the_parent_when_the_articles_are_rendered(tmp_path):
    pids = run(tmp_path, Memo(False), "+wechat", "api")
    assert pids["articles"] != os.getpid()
    assert pids["wechat"] == pids["api"] == os.getpid()


def test_the_parent_keeps_a_generator_to_wait_in(tmp_path):
    pids = run(tmp_path, Memo(True), "+wechat")  # nothing after the companion: it stays
    assert pids["articles"] != os.getpid() and pids["wechat"] == os.getpid()
