"""Where one build's time and memory go: ``python -m wfu.build`` with each step timed.

``python tools/bench_steps.py build --content C --output O --cache K`` runs the build
as usual (same arguments as ``python -m wfu.build``) and prints on stderr, after each
step, its seconds, the CPU seconds of this process and of the children it waited for
(the forked renderer, Pagefind), and this process's resident set and peak (``VmRSS``/``VmHWM``, MiB):
loading and validating the graph, Pelican's reading phase (up to
``all_generators_finalized``) and output phase (the forked renderer's time is inside
it), the memory release before the search index, Pagefind (with the privacy pass's scan of every
other file beside it), the privacy second pass.
Pagefind and the forked renderer are other processes: their memory is measured by
``wfu.bench.run`` (the whole tree).  A diagnosis, one run: on a shared machine the
seconds are indicative.
"""

from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import plugins.site.loader as loader  # noqa: E402
import wfu.build as build  # noqa: E402
import wfu.precompress as precompress  # noqa: E402
import wfu.search as search  # noqa: E402

# Where each step is looked up when the build calls it (wfu.build imports the search index and
# precompression inside the function that uses them: they are timed in their own modules).
STEPS = [
    (loader, "load_site"),
    (build, "run_pelican"),
    (build, "release_memory"),
    (build, "index_while_scanning"),
    (search, "index_site"),
    (build, "write_build_info"),
    (precompress, "precompress_site"),
    (build, "check_output_privacy"),
]


def memory() -> str:
    with open("/proc/self/status", encoding="ascii") as handle:
        fields = dict(line.split(":", 1) for line in handle if line.startswith(("VmRSS", "VmHWM")))
    return " ".join(f"{name} {int(value.split()[0]) // 1024} MiB" for name, value in sorted(fields.items()))


def cpu() -> float:
    """CPU seconds so far: this process and the children it has waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def report(name: str, seconds: float, cpu_seconds: float) -> None:
    print(
        f"step {name:24s} {seconds:8.2f} s {cpu_seconds:8.2f} s CPU  {memory()}", file=sys.stderr, flush=True
    )


def timed(module, name: str) -> None:
    function = getattr(module, name)

    def wrapper(*args, **kwargs):
        started, used = time.perf_counter(), cpu()
        try:
            return function(*args, **kwargs)
        finally:
            report(name, time.perf_counter() - started, cpu() - used)

    setattr(module, name, wrapper)


def main(argv: list[str]) -> int:
    from pelican import signals

    for module, name in STEPS:
        timed(module, name)
    phase = [0.0, 0.0]

    def started(_) -> None:
        phase[:] = [time.perf_counter(), cpu()]

    def read(_) -> None:
        report("pelican: reading", time.perf_counter() - phase[0], cpu() - phase[1])
        phase[:] = [time.perf_counter(), cpu()]

    def written(_) -> None:
        report("pelican: output", time.perf_counter() - phase[0], cpu() - phase[1])

    signals.initialized.connect(started, weak=False)
    signals.all_generators_finalized.connect(read, weak=False)
    signals.finalized.connect(written, weak=False)
    began, used = time.perf_counter(), cpu()
    code = build.main(argv)
    report("total", time.perf_counter() - began, cpu() - used)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
