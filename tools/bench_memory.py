"""Peak memory of a full build and a one-edit build, for one or more checkouts of this project.

``python tools/bench_memory.py 2000 /tmp/before /work/wt/search``: builds ``wfu.bench``'s
synthetic corpus of N articles (fixed seed) with each checkout's own ``.venv`` — first
with an empty cache, then again after editing one article — and prints, per build, the
peak of the whole process tree (``wfu.bench.run``), how many Pagefind runs there were and
the largest one's peak resident set (``/usr/bin/time`` around the Pagefind binary, through
``PAGEFIND_BINARY_PATH``).  Times are printed too; on a shared machine they are indicative.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from wfu.bench import FIXTURE, make_corpus, make_gifts, run  # noqa: E402


def main(count: int, checkouts: list[str]) -> None:
    from pagefind_bin_extended import get_executable

    work = tempfile.mkdtemp(prefix="wfu-memory-")
    try:
        content = os.path.join(work, "content")
        shutil.copytree(FIXTURE, content)
        make_corpus(content, count, yaml_front_matter=True)
        make_gifts(content, max(count // 20, 1))
        log = os.path.join(work, "pagefind.log")
        wrapper = os.path.join(work, "pagefind-timed")
        with open(wrapper, "w", encoding="utf-8") as handle:
            handle.write(f'#!/bin/sh\nexec /usr/bin/time -f "%M" -a -o {log} {get_executable()} "$@"\n')
        os.chmod(wrapper, 0o755)
        os.environ["PAGEFIND_BINARY_PATH"] = wrapper
        edited = os.path.join(content, "news", "2022", "article-0.md")
        original = open(edited, encoding="utf-8").read()
        for checkout in checkouts:
            folder = os.path.join(work, os.path.basename(checkout.rstrip("/")))
            python = os.path.join(checkout, ".venv", "bin", "python")
            command = [python, "-m", "wfu.build", "build", "--content", content,
                       "--output", os.path.join(folder, "output"), "--cache", os.path.join(folder, "cache")]  # fmt: skip
            for build in ("full", "edit"):
                if build == "edit":
                    with open(edited, "w", encoding="utf-8") as handle:
                        handle.write(original + "\n修改后的补充说明：校友们再次回到母校。\n")
                open(log, "w").close()
                seconds, tree, _ = run(command, cwd=checkout)
                peaks = [int(word) for word in open(log).read().split() if word.isdigit()]
                print(json.dumps({
                    "articles": count, "checkout": checkout, "build": build, "seconds": round(seconds, 1),
                    "tree_peak_mib": round(tree), "tree_pss_mib": round(tree.pss), "pagefind_runs": len(peaks),
                    "pagefind_peak_mib": round(max(peaks) / 1024) if peaks else 0,
                }), flush=True)  # fmt: skip
            with open(edited, "w", encoding="utf-8") as handle:
                handle.write(original)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), sys.argv[2:])
