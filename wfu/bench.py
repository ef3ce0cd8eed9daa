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
- **preview**: seconds from saving an article to the first response of ``invoke serve``
  (``python -m wfu.serve`` on a free local port) whose page holds the new text
  (:func:`preview_latency`), once per pair, after the other commands.  The edit appends a
  sentence to the body, so that response is the early page (:mod:`wfu.early`) when the
  last build left a holder, else the page of the published one-edit build.

Our build deletes pruned releases in a background process
(:func:`wfu.releases.discard`); before every timed command the benchmark waits
until that deletion is over, so it never slows the next command (plain Pelican
included), and reports the waits apart ("background deletion").  Its CPU is in
no ``cpu_seconds`` figure: the deleting process outlives the build, which never
waits for it, so ``wait4`` does not count it (the wall seconds of the waits are
all the report shows of it).

Peak memory is that of the whole process tree, in MiB: the largest sum of the
resident sets of the build and every process below it (Pagefind, the forked
renderer), sampled every 20 ms (see :func:`run`), and the largest sum of their
proportional sizes (``peak_pss_mib``: a page the forked renderer shares with its
parent counts once, see :class:`Peak`).  The search-index figures give Pagefind's own peak (it
runs as a separate process on the built site), so the two can be told apart.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from typing import NamedTuple

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
# Realistic bodies (issue 25): Pagefind's time and memory grow with text length and vocabulary,
# so articles are 600–2,500 characters drawn from a varied vocabulary, not five repeated phrases.
SUBJECTS = [
    "校友",
    "学院",
    "校友会",
    "师生代表",
    "学校领导",
    "企业家校友",
    "青年校友",
    "各地分会",
    "退休教师",
    "毕业生",
]
PLACES = [
    "济南",
    "青岛",
    "烟台",
    "威海",
    "潍坊",
    "北京",
    "上海",
    "深圳",
    "临沂",
    "淄博",
    "日照",
    "东营",
    "寿光",
    "诸城",
]
ACTIONS = [
    "参观",
    "座谈",
    "调研",
    "签约",
    "捐赠",
    "讲学",
    "交流",
    "走访",
    "合作",
    "慰问",
    "研讨",
    "宣讲",
    "考察",
]
OBJECTS = ["实验室", "图书馆", "创新创业基地", "实习基地", "奖学金", "助学金", "校史馆", "人工智能平台", "乡村振兴项目",
           "现代农业园区", "智能制造中心", "数字经济论坛", "教师发展中心", "校友林", "体育馆", "科研团队", "产业学院"]  # fmt: skip
QUALIFIERS = ["深入", "广泛", "务实", "热烈", "持续", "全面", "创新", "系统", "扎实", "积极"]
TOPICS = ["人才培养", "学科建设", "科研合作", "社会服务", "文化传承", "就业创业", "产教融合", "国际交流", "校企合作",
          "专业认证", "课程改革", "实践教学", "成果转化", "基层治理", "健康养老", "新能源", "新材料", "海洋经济"]  # fmt: skip
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "志强伟明丽娜晓雨建国海涛玉兰文博思远雪梅国栋春华立新嘉怡子豪欣然宏伟秀英俊杰晨阳佳琪浩然静怡天宇雅婷"
PAGE_MANIFEST = "pages"  # below the cache: what incremental output copies from (plugins.site.incremental)
PREVIEW_PAGE = "news/2022/article-0/"  # the edited article's page (ARTICLE_URL)
PLAIN_CONF = 'PATH = {content!r}\nOUTPUT_PATH = {output!r}\nTIMEZONE = "Asia/Shanghai"\n'


def make_corpus(folder: str, count: int, yaml_front_matter: bool, seed: int = 1) -> None:
    """``count`` Chinese articles of 600–2,500 characters, deterministic for a seed."""
    rng = random.Random(seed)
    for index in range(count):
        year = 2022 + index % 5
        title = f"{rng.choice(CATEGORIES)}第{index}期：{rng.choice(PHRASES)[:12]}"
        tags = rng.sample(TAGS, 2)
        body = article_body(rng)
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


def _sentence(rng: random.Random) -> str:
    name = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
    year = rng.randint(1985, 2020)
    forms = [
        lambda: f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}了{rng.choice(PLACES)}的{rng.choice(OBJECTS)}",
        lambda: f"{year}届校友{name}介绍了在{rng.choice(PLACES)}从事{rng.choice(TOPICS)}工作的经历",
        lambda: (
            f"双方围绕{rng.choice(TOPICS)}和{rng.choice(TOPICS)}进行了{rng.choice(QUALIFIERS)}的{rng.choice(ACTIONS)}"
        ),
        lambda: f"{rng.choice(OBJECTS)}将为{rng.choice(TOPICS)}提供{rng.choice(QUALIFIERS)}支持",
        lambda: f"{name}表示，将{rng.choice(QUALIFIERS)}推进{rng.choice(TOPICS)}，回报母校培养之恩",
        lambda: (
            f"活动共有{rng.randint(20, 600)}名{rng.choice(SUBJECTS)}参加，{rng.choice(PLACES)}校友分会协办"
        ),
    ]
    return rng.choice(forms)()


def article_body(rng: random.Random) -> str:
    """600–2,500 characters of varied Chinese in paragraphs (deterministic for the generator's seed)."""
    target = rng.randint(600, 2500)
    paragraphs, length = [], 0
    while length < target:
        paragraph = "，".join(_sentence(rng) for _ in range(rng.randint(2, 5))) + "。"
        paragraphs.append(paragraph)
        length += len(paragraph)
    return "\n\n".join(paragraphs)


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


def tree_rss(root: int) -> int:
    """Resident bytes of process ``root`` and all its descendants now (0 once it is gone)."""
    return tree_memory(root)[0]


class Peak(float):
    """A peak in MiB: the sum of the resident sets (the value itself), with ``pss``.

    A forked child starts with its parent's pages, shared copy-on-write, and the
    resident set of each counts them: the sum of resident sets counts them twice.
    ``pss`` is the sum of the proportional set sizes (a page shared by two
    processes counts half in each), the memory the machine actually gives the tree.
    Both are reported; the resident sum is the conservative figure.
    """

    pss: float

    def __new__(cls, rss: float, pss: float) -> Peak:
        peak = super().__new__(cls, rss)
        peak.pss = pss
        return peak


def _pss(pid: int) -> int | None:
    """Proportional set size of ``pid`` in bytes (``smaps_rollup``), None when unreadable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def tree_memory(root: int) -> tuple[int, int]:
    """Resident and proportional bytes of process ``root`` and all its descendants now.

    Where a process's proportional size cannot be read, its resident size stands in.
    """
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as handle:
                    parents[int(name)] = int(handle.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
    tree, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        children = [pid for pid, ppid in parents.items() if ppid == parent and pid not in tree]
        tree.update(children)
        frontier.extend(children)
    total = proportional = 0
    for pid in tree:
        try:
            with open(f"/proc/{pid}/statm", "rb") as handle:
                resident = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError, IndexError):
            continue
        total += resident
        pss = _pss(pid)
        proportional += resident if pss is None else pss
    return total, proportional


class Measured(NamedTuple):
    """One run of a command: wall seconds, peak memory and CPU seconds of its whole process tree."""

    seconds: float
    peak: Peak
    cpu: float  # user + system of the command and every process below it that it waited for


def run(command: list[str], cwd: str = ROOT) -> Measured:
    """Wall seconds, peak memory (MiB, a :class:`Peak`) and CPU seconds of one command's whole process tree.

    Output is discarded.  The peak is the largest sum of the resident sets of the command and
    every process below it (our build and Pagefind run at the same time), sampled every 20 ms,
    and never less than the largest single process's peak (``wait4``), which a sample can miss;
    its ``pss`` is the largest sum of their proportional sizes (shared pages counted once).
    The CPU seconds are ``wait4``'s: the command's own and those of the processes it waited for
    (Pagefind, the forked renderer), so a build that writes on two cores shows it here; not
    those of a process it left running (the background deletion of pruned releases).
    """
    started = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0, 0]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            resident, proportional = tree_memory(proc.pid)
            peak[0], peak[1] = max(peak[0], resident), max(peak[1], proportional)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    stderr_text = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    _, status, usage = os.wait4(proc.pid, 0)
    done.set()
    sampler.join()
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"benchmark command failed: {' '.join(command)}\n{stderr_text[-2000:]}")
    peak_mib = Peak(max(peak[0] / 2**20, usage.ru_maxrss / 1024), peak[1] / 2**20)
    return Measured(seconds, peak_mib, usage.ru_utime + usage.ru_stime)


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


def _descendants(root: int) -> int:
    """How many processes run below ``root`` now (the preview's build, when one runs)."""
    children = 0
    for name in os.listdir("/proc"):
        if name.isdigit() and name != str(root):
            try:
                with open(f"/proc/{name}/stat", "rb") as handle:
                    children += int(handle.read().rsplit(b")", 1)[1].split()[1]) == root
            except (OSError, ValueError, IndexError):
                continue
    return children


def _get(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except (OSError, ValueError):
        return None


def _read(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return b""


def _wait(condition, timeout: float, what: str, step: float = 0.05) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise SystemExit(f"benchmark: {what} took more than {timeout:.0f} s")
        time.sleep(step)


def preview_latency(
    content: str, output: str, cache: str, edited: str, page: str, marker: str, timeout: float = 1800
) -> float:
    """Seconds from saving ``edited`` to the first response of ``invoke serve`` whose page holds ``marker``.

    ``python -m wfu.serve`` runs on a free port of 127.0.0.1 with its own output and
    cache folders; the benchmark waits until the server answers and its start-up
    build (the site as it was) is over, appends ``marker`` to the article, then
    requests ``page`` every 20 ms, as a browser that reloads would; the server is
    stopped once the build that followed the edit is published (the first response
    may have been the early page).  What a reader's browser
    adds (the reload message, rendering) is not included.
    """
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [sys.executable, "-m", "wfu.serve", "--port", str(port), "--content", content,
               "--output", output, "--cache", cache]  # fmt: skip
    server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/{page}"
    try:
        _wait(lambda: _get(url) is not None, timeout, "the preview server's start")
        for _ in range(2):  # idle twice, a second apart: the start-up build has begun and ended
            _wait(lambda: _descendants(server.pid) == 0, timeout, "the preview's start-up build", 0.2)
            time.sleep(1)
        with open(edited, "a", encoding="utf-8") as handle:
            handle.write(f"\n{marker}\n")
        started = time.perf_counter()
        _wait(lambda: marker.encode() in (_get(url) or b""), timeout, "the edit's preview", 0.02)
        seconds = time.perf_counter() - started
        # The first response may be the early page (wfu/early.py): wait for the release to hold the edit.
        release_page = os.path.join(output, page, "index.html")
        _wait(
            lambda: marker.encode() in _read(release_page), timeout, "the preview's build after the edit", 0.2
        )
        _wait(lambda: _descendants(server.pid) == 0, timeout, "the end of the preview's builds", 0.2)
        return seconds
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


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
    # Indexing's peak memory: the same indexing in a process of its own (with the Pagefind
    # runs below it, one shard at a time), measured as a process tree by run().
    script = (
        "from wfu.build import load_settings\nfrom wfu.search import index_site\n"
        f"index_site(load_settings(), {site!r}, say=None)\n"
    )
    peaks = sorted(run([sys.executable, "-c", script]).peak for _ in range(min(repeat, 3)))
    # The index proper (fragments, word index, filters, metadata) grows with the site;
    # the rest of the bundle (Pagefind's script, worker and WebAssembly, once per shard) does not.
    index_bytes = sum(
        os.path.getsize(os.path.join(root, name))
        for root, _, files in os.walk(last.bundle)
        for name in files
        if {"fragment", "index", "filter"} & set(os.path.relpath(root, last.bundle).split(os.sep))
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


def _progress(
    index: int, figures: dict[str, list[float]], memory: dict[str, list[float]], cpu: dict[str, list[float]]
) -> None:
    """One line per finished pair on stderr, so a long benchmark cut short still leaves its runs."""
    pair = {key: round(values[-1], 2) for key, values in figures.items() if len(values) > index}
    cpu_pair = {key: round(values[-1], 2) for key, values in cpu.items() if len(values) > index}
    peaks = {key: round(values[-1]) for key, values in memory.items() if len(values) > index}
    pss = {key: round(_pss_of(values[-1])) for key, values in memory.items() if len(values) > index}
    print(
        json.dumps(
            {
                "pair": index,
                "seconds": pair,
                "cpu_seconds": cpu_pair,
                "peak_rss_mib": peaks,
                "peak_pss_mib": pss,
            }
        ),
        file=sys.stderr,
        flush=True,
    )


def _pss_of(peak: float) -> float:
    """The proportional peak of a :class:`Peak` (a plain number stands for both)."""
    return getattr(peak, "pss", peak)


def bench(
    count: int = 2000,
    pairs: int = 5,
    full_build_only: bool = False,
    preview: bool = True,
    edit_only: bool = False,
    cold_only: bool = False,
) -> dict:
    """Alternated runs of plain Pelican and our build on ``count`` articles.

    ``preview``: also measure the edit-to-preview latency of ``invoke serve`` in every pair
    (two more builds per pair: the server's start-up build and the one after the edit).

    ``full_build_only`` pairs plain Pelican with our warm and render builds and nothing else: at
    20,000 articles the whole set (cold, edit, check) takes hours on two cores.
    ``edit_only`` pairs plain Pelican with our one-edit build (the editor's daily case, and
    the issue-25 target) and nothing else, without the preview and the separate search-index
    runs: what 20,000 articles allow in an afternoon.
    ``cold_only`` pairs plain Pelican with our cold build (empty cache) and nothing else.
    """
    if full_build_only + edit_only + cold_only > 1:
        raise ValueError("full_build_only, edit_only and cold_only are different benchmarks")
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

        def timed(command: list[str]) -> Measured:
            waits.append(settle(releases))
            return run(command)

        warm_cache = os.path.join(work, "cache-warm")
        run(ours_cmd(warm_cache))  # warm-up: fills the warm cache, loads files into the page cache
        run(plain_cmd)
        figures: dict[str, list[float]] = {
            k: [] for k in ("plain", "cold", "warm", "render", "edit", "check", "preview")
        }
        cpu: dict[str, list[float]] = {k: [] for k in ("plain", "cold", "warm", "render", "edit", "check")}
        memory: dict[str, list[float]] = {k: [] for k in ("plain", "cold", "warm", "render", "edit")}
        ratios: dict[str, list[float]] = {
            k: [] for k in ("cold/plain", "warm/plain", "render/plain", "edit/cold", "edit/plain")
        }
        cpu_ratios: dict[str, list[float]] = {k: [] for k in ratios}

        def record(runs: dict[str, Measured]) -> None:
            """One pair's runs: their figures, and each ratio whose two runs both took place."""
            for key, measured in runs.items():
                figures[key].append(measured.seconds)
                cpu[key].append(measured.cpu)
                if key in memory:
                    memory[key].append(measured.peak)
            for name in ratios:
                top, bottom = name.split("/")
                if top in runs and bottom in runs:
                    ratios[name].append(runs[top].seconds / runs[bottom].seconds)
                    cpu_ratios[name].append(runs[top].cpu / runs[bottom].cpu)

        edited = os.path.join(ours_content, "news", "2022", "article-0.md")
        original = open(edited, encoding="utf-8").read()
        for index in range(pairs):
            runs = {"plain": timed(plain_cmd)}
            if edit_only:
                with open(edited, "w", encoding="utf-8") as handle:
                    handle.write(original + f"\n第 {index} 次修改后的补充说明。\n")
                runs["edit"] = timed(ours_cmd(warm_cache))
                record(runs)
                _progress(index, figures, memory, cpu)
                continue
            if cold_only:
                cold_cache = os.path.join(work, f"cache-cold-{index}")
                runs["cold"] = timed(ours_cmd(cold_cache))
                shutil.rmtree(cold_cache, ignore_errors=True)
                record(runs)
                _progress(index, figures, memory, cpu)
                continue
            if full_build_only:
                runs["warm"] = timed(ours_cmd(warm_cache))
                shutil.rmtree(os.path.join(warm_cache, PAGE_MANIFEST), ignore_errors=True)
                runs["render"] = timed(ours_cmd(warm_cache))
                record(runs)
                _progress(index, figures, memory, cpu)
                continue
            cold_cache = os.path.join(work, f"cache-cold-{index}")
            runs["cold"] = timed(ours_cmd(cold_cache))
            shutil.rmtree(cold_cache, ignore_errors=True)
            runs["warm"] = timed(ours_cmd(warm_cache))
            shutil.rmtree(os.path.join(warm_cache, PAGE_MANIFEST), ignore_errors=True)
            runs["render"] = timed(ours_cmd(warm_cache))
            with open(edited, "w", encoding="utf-8") as handle:
                handle.write(original + f"\n第 {index} 次修改后的补充说明。\n")
            runs["edit"] = timed(ours_cmd(warm_cache))
            runs["check"] = timed(
                [sys.executable, "-m", "wfu.build", "check", "--content", ours_content, "--cache", warm_cache]
            )
            record(runs)
            if preview:
                waits.append(settle(releases))
                figures["preview"].append(
                    preview_latency(
                        ours_content,
                        ours_output,
                        warm_cache,
                        edited,
                        PREVIEW_PAGE,
                        f"预览测量标记{index}号。",
                    )
                )
            _progress(index, figures, memory, cpu)
        with open(edited, "w", encoding="utf-8") as handle:
            handle.write(original)
        return {
            "articles": count,
            "pairs": pairs,
            "pages": {"plain": _pages(plain_output), "ours": _pages(ours_output)},
            "seconds": {k: _summary(v) for k, v in figures.items() if v},
            "cpu_seconds": {k: _summary(v) for k, v in cpu.items() if v},
            "peak_rss_mib": {k: _summary(v, 0) for k, v in memory.items() if v},
            "peak_pss_mib": {k: _summary([_pss_of(x) for x in v], 0) for k, v in memory.items() if v},
            "ratios": {k: _summary(v) for k, v in ratios.items() if v},
            "cpu_ratios": {k: _summary(v) for k, v in cpu_ratios.items() if v},
            "background_deletion_seconds": _summary(waits),
            **({} if edit_only or cold_only else {"search_index": search_index_cost(ours_output, pairs)}),
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m wfu.bench")
    parser.add_argument("articles", type=int, nargs="*", default=[1000, 5000])
    parser.add_argument("--pairs", type=int, default=5, help="alternated runs of each command (at least 5)")
    only = parser.add_mutually_exclusive_group()
    only.add_argument(
        "--full-build-only",
        action="store_true",
        help="only plain Pelican against our warm and render builds (large corpora)",
    )
    only.add_argument(
        "--edit-only",
        action="store_true",
        help="only plain Pelican against our one-edit build, with peak memory (large corpora)",
    )
    only.add_argument(
        "--cold-only",
        action="store_true",
        help="only plain Pelican against our cold build (empty cache), with peak memory",
    )
    parser.add_argument(
        "--no-preview",
        action="store_true",
        help="do not measure the edit-to-preview latency of invoke serve (two builds fewer per pair)",
    )
    args = parser.parse_args(argv)
    if args.pairs < 5:
        parser.error("at least 5 pairs: fewer runs do not give a figure on a shared machine")
    for count in args.articles:
        report = bench(
            count,
            args.pairs,
            args.full_build_only,
            preview=not (args.no_preview or args.edit_only or args.cold_only),
            edit_only=args.edit_only,
            cold_only=args.cold_only,
        )
        print(json.dumps(report, ensure_ascii=False, indent=2), flush=True)


if __name__ == "__main__":
    main()
