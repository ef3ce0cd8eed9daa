"""``invoke bench``: our build against plain Pelican 4.12 on the same synthetic corpus.

Speed is reported, never asserted.  One run says nothing on a shared machine,
so every figure comes from alternated runs (plain, ours cold, ours warm,
plain, …), at least five of each, and is given as the median with the range;
comparisons are the median and range of the per-pair ratios, which holds even
when the machine's speed drifts during the benchmark.

- **plain**: ``pelican`` with its default settings (only ``PATH``, ``OUTPUT_PATH``,
  ``TIMEZONE``) on the same article bodies with ``Key: value`` headers.
- **ours cold**: ``python -m wfu.build build`` with an empty cache folder (a fresh
  clone, CI); **ours warm**: the same with the cache of the previous run and no
  content change (an editor's second build: every news page and the search index
  are copied from the previous release, see ``plugins.site.incremental``);
  **ours render**: the warm cache without the page manifest, so every page is
  rendered again with warm body, template, pinyin and photo caches (what a
  template, setting or data-file change costs).  Ours also builds every section: the fixture site's
  colleges, profiles, associations and projects, plus gift records in proportion
  (one per 20 articles) and a college on every third article.
- **one-edit rebuild**: after a warm build, one article is edited and the site built
  again (what ``invoke serve`` does on save), as a ratio to the cold build.
- **check**: ``python -m wfu.build check`` (``invoke check``), with the warm cache.

Our build deletes pruned releases in a background process
(:func:`wfu.releases.discard`); before every timed command the benchmark waits
until that deletion is over, so it never slows the next command (plain Pelican
included), and reports the waits apart ("background deletion").

Peak memory is the largest resident set of the build process or any process it
waited for (``wait4``), in MiB: for our build that is the larger of the Python
process and Pagefind.  The search-index figures give Pagefind's own peak (it
runs as a separate process on the built site), so the two can be told apart.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from .build import ROOT
from .releases import RELEASES_FOLDER, TRASH_PREFIX

FIXTURE = os.path.join(ROOT, "tests", "fixtures", "content")
CATEGORIES = ["校友会动态", "校友活动", "校友大讲堂", "走访交流", "校庆", "合作发展", "通知公告"]
COLLEGES = ["cs", "econ", "teacher", "mech", "chem", "agri", "lit", "art"]
TAGS = [
    "地方校友会",
    "校友企业",
    "返校活动",
    "校友大讲堂",
    "人工智能",
    "乡村振兴",
    "校友捐赠",
    "毕业季",
    "济南",
    "青岛",
]
PHRASES = [
    "校友们回到母校参观新建的图书馆和实验楼",
    "学校介绍了近年来人才培养和学科建设的情况",
    "与会校友围绕校企合作和毕业生就业进行了深入交流",
    "校友会将继续做好服务校友、服务学校、服务社会的工作",
    "各地校友会积极组织联谊活动，增进了校友之间的联系",
]
PAGE_MANIFEST = "pages"  # below the cache: what incremental output copies from (plugins.site.incremental)
PLAIN_CONF = 'PATH = {content!r}\nOUTPUT_PATH = {output!r}\nTIMEZONE = "Asia/Shanghai"\n'


def make_corpus(folder: str, count: int, yaml_front_matter: bool, seed: int = 1) -> None:
    """``count`` Chinese articles of ~600 characters, deterministic for a seed."""
    rng = random.Random(seed)
    for index in range(count):
        year = 2022 + index % 5
        title = f"{rng.choice(CATEGORIES)}第{index}期：{rng.choice(PHRASES)[:12]}"
        tags = rng.sample(TAGS, 2)
        body = "\n\n".join("，".join(rng.choice(PHRASES) for _ in range(6)) + "。" for _ in range(4))
        date = f"{year}-{1 + index % 12:02d}-{1 + index % 28:02d} 10:{index % 60:02d}"
        slug = f"article-{index}"
        category = CATEGORIES[index % len(CATEGORIES)]
        if yaml_front_matter:
            college = f"college: {COLLEGES[index % len(COLLEGES)]}\n" if index % 3 == 0 else ""
            head = (
                f"---\ntitle: {title}\ndate: {date}\ncategory: {category}\n"
                f"tags: [{', '.join(tags)}]\nslug: {slug}\nauthor: 合作发展处\n{college}---\n"
            )
        else:
            head = (
                f"Title: {title}\nDate: {date}\nCategory: {category}\nTags: {', '.join(tags)}\nSlug: {slug}\n"
            )
        path = os.path.join(folder, "news", str(year), f"{slug}.md")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(head + "\n" + body + "\n")


def make_gifts(folder: str, count: int, seed: int = 2) -> None:
    """``count`` gift records to the fixture's projects, in one extra file."""
    rng = random.Random(seed)
    lines = []
    for index in range(count):
        lines.append(
            f"- date: {2020 + index % 4}-{1 + index % 12:02d}-{1 + index % 28:02d}\n"
            f"  donor: 校友{index}\n  donor_type: alumnus\n  class_year: {1990 + index % 30}\n"
            f"  college: {COLLEGES[index % len(COLLEGES)]}\n  project: library\n"
            f"  kind: money\n  amount: {rng.randint(1, 500) * 100}\n  show_amount: true\n"
        )
    path = os.path.join(folder, "donors", "gifts", "bench.yml")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("".join(lines))


def run(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one command; its output is discarded."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{stderr[-2000:]}")
    return seconds, usage.ru_maxrss / 1024


def settle(releases: str, timeout: float = 600) -> float:
    """Wait until no pruned release is being deleted below ``releases``; return the seconds waited."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        try:
            pending = [name for name in os.listdir(releases) if name.startswith(TRASH_PREFIX)]
        except FileNotFoundError:
            pending = []
        if not pending:
            break
        time.sleep(0.05)
    return time.perf_counter() - started


def _pages(folder: str) -> int:
    return sum(1 for _, _, files in os.walk(folder) for name in files if name.endswith(".html"))


def _summary(values: list[float], digits: int = 2) -> dict:
    return {
        "median": round(statistics.median(values), digits),
        "min": round(min(values), digits),
        "max": round(max(values), digits),
    }


def search_index_cost(site: str, repeat: int) -> dict:
    """Pagefind on an already built site, ``repeat`` times: median time, range, index size.

    Indexing is part of our build (so it is inside ``ours`` above); this isolates it.
    The per-1,000 figures divide by the pages indexed, which on this corpus are the
    synthetic articles plus the sample site's few dozen searchable pages.
    """
    from .build import load_settings
    from .search import index_site

    settle(os.path.join(os.path.dirname(site), RELEASES_FOLDER))
    settings = load_settings()
    runs = [index_site(settings, site, say=None) for _ in range(repeat)]
    times = sorted(run.seconds for run in runs)
    last = runs[-1]
    # Pagefind's peak memory: the same indexing in a process of its own, measured by wait4.
    script = (
        "from wfu.build import load_settings\nfrom wfu.search import index_site\n"
        f"index_site(load_settings(), {site!r}, say=None)\n"
    )
    peaks = sorted(run([sys.executable, "-c", script])[1] for _ in range(min(repeat, 3)))
    # The index proper (fragments, word index, filters, metadata) grows with the site;
    # the rest of the bundle (Pagefind's script, worker and WebAssembly) is a constant.
    index_bytes = sum(
        os.path.getsize(os.path.join(root, name))
        for root, _, files in os.walk(last.bundle)
        for name in files
        if os.path.relpath(root, last.bundle).split(os.sep)[0] in ("fragment", "index", "filter")
        or name.endswith(".pf_meta")
    )
    per_thousand = 1000 / last.pages
    return {
        "pages": last.pages,
        "seconds_median": round(times[len(times) // 2], 3),
        "seconds_range": [round(times[0], 3), round(times[-1], 3)],
        "index_bytes": index_bytes,
        "bundle_bytes": last.bytes,
        "seconds_per_1000_articles": round(times[len(times) // 2] * per_thousand, 3),
        "index_kib_per_1000_articles": round(index_bytes * per_thousand / 1024),
        "peak_rss_mib_median": round(peaks[len(peaks) // 2]),
    }


def bench(count: int = 2000, pairs: int = 5, full_build_only: bool = False) -> dict:
    """Alternated runs of plain Pelican and our build on ``count`` articles.

    ``full_build_only`` pairs plain Pelican with our warm and render builds and nothing else: at
    20,000 articles the whole set (cold, edit, check) takes hours on two cores.
    """
    work = tempfile.mkdtemp(prefix="wfu-bench-")
    try:
        ours_content = os.path.join(work, "ours", "content")
        plain_content = os.path.join(work, "plain", "content")
        shutil.copytree(FIXTURE, ours_content)
        make_corpus(ours_content, count, yaml_front_matter=True)
        make_gifts(ours_content, max(count // 20, 1))
        make_corpus(plain_content, count, yaml_front_matter=False)
        plain_conf = os.path.join(work, "plain", "pelicanconf.py")
        plain_output = os.path.join(work, "plain", "output")
        with open(plain_conf, "w", encoding="utf-8") as handle:
            handle.write(PLAIN_CONF.format(content=plain_content, output=plain_output))
        ours_output = os.path.join(work, "ours", "output")
        plain_cmd = [
            sys.executable,
            "-m",
            "pelican",
            plain_content,
            "-s",
            plain_conf,
            "-o",
            plain_output,
            "-q",
        ]

        def ours_cmd(cache: str) -> list[str]:
            return [sys.executable, "-m", "wfu.build", "build", "--content", ours_content, "--output", ours_output,
                    "--cache", cache]  # fmt: skip

        releases = os.path.join(work, "ours", RELEASES_FOLDER)
        waits: list[float] = []

        def timed(command: list[str]) -> tuple[float, float]:
            waits.append(settle(releases))
            return run(command)

        warm_cache = os.path.join(work, "cache-warm")
        run(ours_cmd(warm_cache))  # warm-up: fills the warm cache, loads files into the page cache
        run(plain_cmd)
        figures: dict[str, list[float]] = {
            k: [] for k in ("plain", "cold", "warm", "render", "edit", "check")
        }
        memory: dict[str, list[float]] = {k: [] for k in ("plain", "cold", "warm", "render", "edit")}
        ratios: dict[str, list[float]] = {
            k: [] for k in ("cold/plain", "warm/plain", "render/plain", "edit/cold", "edit/plain")
        }
        edited = os.path.join(ours_content, "news", "2022", "article-0.md")
        original = open(edited, encoding="utf-8").read()
        for index in range(pairs):
            plain_s, plain_mb = timed(plain_cmd)
            if full_build_only:
                warm_s, warm_mb = timed(ours_cmd(warm_cache))
                shutil.rmtree(os.path.join(warm_cache, PAGE_MANIFEST), ignore_errors=True)
                render_s, render_mb = timed(ours_cmd(warm_cache))
                for key, value, mib in (
                    ("plain", plain_s, plain_mb),
                    ("warm", warm_s, warm_mb),
                    ("render", render_s, render_mb),
                ):
                    figures[key].append(value)
                    memory[key].append(mib)
                ratios["warm/plain"].append(warm_s / plain_s)
                ratios["render/plain"].append(render_s / plain_s)
                continue
            cold_cache = os.path.join(work, f"cache-cold-{index}")
            cold_s, cold_mb = timed(ours_cmd(cold_cache))
            shutil.rmtree(cold_cache, ignore_errors=True)
            warm_s, warm_mb = timed(ours_cmd(warm_cache))
            shutil.rmtree(os.path.join(warm_cache, PAGE_MANIFEST), ignore_errors=True)
            render_s, render_mb = timed(ours_cmd(warm_cache))
            with open(edited, "w", encoding="utf-8") as handle:
                handle.write(original + f"\n第 {index} 次修改后的补充说明。\n")
            edit_s, edit_mb = timed(ours_cmd(warm_cache))
            check_s, _ = timed(
                [sys.executable, "-m", "wfu.build", "check", "--content", ours_content, "--cache", warm_cache]
            )
            for key, value in (
                ("plain", plain_s),
                ("cold", cold_s),
                ("warm", warm_s),
                ("render", render_s),
                ("edit", edit_s),
                ("check", check_s),
            ):
                figures[key].append(value)
            for key, value in (
                ("plain", plain_mb),
                ("cold", cold_mb),
                ("warm", warm_mb),
                ("render", render_mb),
                ("edit", edit_mb),
            ):
                memory[key].append(value)
            ratios["cold/plain"].append(cold_s / plain_s)
            ratios["warm/plain"].append(warm_s / plain_s)
            ratios["render/plain"].append(render_s / plain_s)
            ratios["edit/cold"].append(edit_s / cold_s)
            ratios["edit/plain"].append(edit_s / plain_s)
        with open(edited, "w", encoding="utf-8") as handle:
            handle.write(original)
        return {
            "articles": count,
            "pairs": pairs,
            "pages": {"plain": _pages(plain_output), "ours": _pages(ours_output)},
            "seconds": {k: _summary(v) for k, v in figures.items() if v},
            "peak_rss_mib": {k: _summary(v, 0) for k, v in memory.items() if v},
            "ratios": {k: _summary(v) for k, v in ratios.items() if v},
            "background_deletion_seconds": _summary(waits),
            "search_index": search_index_cost(ours_output, pairs),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m wfu.bench")
    parser.add_argument("articles", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--pairs", type=int, default=5, help="alternated runs of each command (at least 5)")
    parser.add_argument(
        "--full-build-only",
        action="store_true",
        help="only plain Pelican against our warm build (large corpora)",
    )
    args = parser.parse_args(argv)
    if args.pairs < 5:
        parser.error("at least 5 pairs: fewer runs do not give a figure on a shared machine")
    for count in args.articles:
        report = bench(count, args.pairs, args.full_build_only)
        print(json.dumps(report, ensure_ascii=False, indent=2), flush=True)


if __name__ == "__main__":
    main()
