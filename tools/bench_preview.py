"""Edit-to-preview latency of ``invoke serve`` for two or more checkouts, alternated.

``python tools/bench_preview.py 1000 5 /tmp/before /work/wt/overlay``: builds ``wfu.bench``'s
synthetic corpus of N articles (fixed seed) once per checkout, warms each checkout's own
cache with one build, then runs each checkout's own ``wfu.bench.preview_latency`` (its
``.venv``, its ``wfu.serve``) in turn, round after round: seconds from appending a sentence
to ``news/2022/article-0.md`` to the first response that holds it.  Prints each run with the
load average, then the medians and ranges as JSON.  On a shared machine the figures are
indicative; the alternation keeps the comparison fair.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from wfu.bench import FIXTURE, PREVIEW_PAGE, make_corpus, make_gifts  # noqa: E402


def main(count: int, rounds: int, checkouts: list[str]) -> None:
    work = tempfile.mkdtemp(prefix="wfu-preview-")
    try:
        places = {}
        for number, checkout in enumerate(checkouts):
            place = os.path.join(work, str(number))
            shutil.copytree(FIXTURE, os.path.join(place, "content"))
            make_corpus(os.path.join(place, "content"), count, yaml_front_matter=True)
            make_gifts(os.path.join(place, "content"), max(count // 20, 1))
            python = os.path.join(checkout, ".venv", "bin", "python")
            build = [python, "-m", "wfu.build", "build", "--content", os.path.join(place, "content"),
                     "--output", os.path.join(place, "output"), "--cache", os.path.join(place, "cache")]  # fmt: skip
            subprocess.run(build, cwd=checkout, check=True, stdout=subprocess.DEVNULL)  # the warm cache
            places[checkout] = place
        seconds: dict[str, list[float]] = {checkout: [] for checkout in checkouts}
        for index in range(rounds):
            for checkout, place in places.items():
                arguments = [os.path.join(place, "content"), os.path.join(place, "output"),
                             os.path.join(place, "cache"), os.path.join(place, "content", "news", "2022", "article-0.md"),
                             PREVIEW_PAGE, f"预览测量标记{index}号。"]  # fmt: skip
                code = f"from wfu.bench import preview_latency; print(preview_latency(*{arguments!r}))"
                python = os.path.join(checkout, ".venv", "bin", "python")
                done = subprocess.run(
                    [python, "-c", code], cwd=checkout, check=True, capture_output=True, text=True
                )
                seconds[checkout].append(float(done.stdout.split()[-1]))
                print(index, checkout, f"{seconds[checkout][-1]:.3f} s", "load", os.getloadavg(), flush=True)
        summary = {
            checkout: {"median": statistics.median(values), "min": min(values), "max": max(values)}
            for checkout, values in seconds.items()
        }
        print(json.dumps({"articles": count, "rounds": rounds, "seconds": summary}, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:])
