"""``invoke bench``: our build against plain Pelican on the same synthetic corpus.

Speed is reported, never asserted: the figure that matters is the ratio of
our pages per second to plain Pelican's 4.12 on identical article bodies
(plain Pelican reads ``Key: value`` headers with its default theme; ours
reads YAML front matter, validates, renders our theme, and also builds the
whole sample site (news, colleges, achievements, donations) on top of the
shared corpus).
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time

from .build import ROOT

CATEGORIES = ["校友会动态", "校友活动", "校友大讲堂", "走访交流", "校庆", "合作发展", "通知公告"]
TAGS = ["地方校友会", "校友企业", "返校活动", "校友大讲堂", "人工智能", "乡村振兴", "校友捐赠", "毕业季", "济南", "青岛"]
PHRASES = [
    "校友们回到母校参观新建的图书馆和实验楼",
    "学校介绍了近年来人才培养和学科建设的情况",
    "与会校友围绕校企合作和毕业生就业进行了深入交流",
    "校友会将继续做好服务校友、服务学校、服务社会的工作",
    "各地校友会积极组织联谊活动，增进了校友之间的联系",
]

PLAIN_CONF = """
PATH = {content!r}
OUTPUT_PATH = {output!r}
TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
ARTICLE_URL = "news/{{date:%Y}}/{{slug}}/"
ARTICLE_SAVE_AS = "news/{{date:%Y}}/{{slug}}/index.html"
CATEGORY_SAVE_AS = "news/category/{{slug}}/index.html"
TAG_SAVE_AS = "news/tag/{{slug}}/index.html"
YEAR_ARCHIVE_SAVE_AS = "news/{{date:%Y}}/index.html"
INDEX_SAVE_AS = "news/index.html"
DEFAULT_PAGINATION = 10
PAGINATED_TEMPLATES = {{"index": 10, "category": 10, "tag": 10, "period_archives": 10}}
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "news/feed.atom.xml"
FEED_ALL_RSS = "news/feed.rss.xml"
CATEGORY_FEED_ATOM = "news/category/{{slug}}/feed.atom.xml"
CATEGORY_FEED_RSS = "news/category/{{slug}}/feed.rss.xml"
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
ARCHIVES_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


def make_corpus(folder: str, count: int, yaml_front_matter: bool, seed: int = 1) -> None:
    """``count`` Chinese articles of ~600 characters, deterministic for a seed."""
    rng = random.Random(seed)
    for index in range(count):
        year = 2022 + index % 5
        title = f"{rng.choice(CATEGORIES)}第{index}期：{rng.choice(PHRASES)[:12]}"
        tags = rng.sample(TAGS, 2)
        body = "\n\n".join(
            "，".join(rng.choice(PHRASES) for _ in range(6)) + "。" for _ in range(4)
        )
        date = f"{year}-{1 + index % 12:02d}-{1 + index % 28:02d} 10:{index % 60:02d}"
        slug = f"article-{index}"
        category = CATEGORIES[index % len(CATEGORIES)]
        if yaml_front_matter:
            head = (
                f"---\ntitle: {title}\ndate: {date}\ncategory: {category}\n"
                f"tags: [{', '.join(tags)}]\nslug: {slug}\nauthor: 合作发展处\n---\n"
            )
        else:
            head = f"Title: {title}\nDate: {date}\nCategory: {category}\nTags: {', '.join(tags)}\nSlug: {slug}\n"
        path = os.path.join(folder, "news", str(year), f"{slug}.md")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(head + "\n" + body + "\n")


def _timed(command: list[str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode:
        raise SystemExit(f"benchmark build failed: {' '.join(command)}\n{result.stderr}")
    return time.perf_counter() - started


def _pages(folder: str) -> int:
    return sum(1 for _, _, files in os.walk(folder) for name in files if name.endswith(".html"))


def search_index_cost(site: str, repeat: int) -> dict:
    """Pagefind on an already built site, ``repeat`` times: median time, range, index size.

    Indexing is part of our build (so it is inside ``ours`` above); this isolates it.
    The per-1,000 figures divide by the pages indexed, which on this corpus are the
    synthetic articles plus the sample site's few dozen searchable pages.
    """
    from .build import load_settings
    from .search import index_site

    settings = load_settings()
    runs = [index_site(settings, site, say=None) for _ in range(repeat)]
    times = sorted(run.seconds for run in runs)
    last = runs[-1]
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
    }


def bench(count: int = 2000, repeat: int = 2) -> dict:
    """Build both corpora ``repeat`` times; keep the best time of each."""
    work = tempfile.mkdtemp(prefix="wfu-bench-")
    try:
        ours_content = os.path.join(work, "ours", "content")
        plain_content = os.path.join(work, "plain", "content")
        # Ours also builds the whole sample site (its 18 articles, colleges, achievements,
        # donations): a small constant on top of the corpus both sides share.
        shutil.copytree(os.path.join(ROOT, "content"), ours_content)
        make_corpus(ours_content, count, yaml_front_matter=True)
        make_corpus(plain_content, count, yaml_front_matter=False)
        plain_conf = os.path.join(work, "plain", "pelicanconf.py")
        plain_output = os.path.join(work, "plain", "output")
        with open(plain_conf, "w", encoding="utf-8") as handle:
            handle.write(PLAIN_CONF.format(content=plain_content, output=plain_output))
        ours_output = os.path.join(work, "ours", "output")
        plain_cmd = [sys.executable, "-m", "pelican", plain_content, "-s", plain_conf, "-o", plain_output, "-q"]
        ours_cmd = [sys.executable, "-m", "wfu.build", "build", "--content", ours_content, "--output", ours_output]
        check_cmd = [sys.executable, "-m", "wfu.build", "check", "--content", ours_content]
        plain_s = min(_timed(plain_cmd) for _ in range(repeat))
        ours_s = min(_timed(ours_cmd) for _ in range(repeat))
        check_s = min(_timed(check_cmd) for _ in range(repeat))
        plain_pages, ours_pages = _pages(plain_output), _pages(ours_output)
        search = search_index_cost(ours_output, max(repeat, 3))
        return {
            "articles": count,
            "plain_pelican": {"seconds": round(plain_s, 2), "pages": plain_pages, "pages_per_s": round(plain_pages / plain_s)},
            "ours": {"seconds": round(ours_s, 2), "pages": ours_pages, "pages_per_s": round(ours_pages / ours_s)},
            "check_seconds": round(check_s, 2),
            "time_ratio_ours_over_plain": round(ours_s / plain_s, 2),
            "throughput_ratio_ours_over_plain": round((ours_pages / ours_s) / (plain_pages / plain_s), 2),
            "search_index": search,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    print(json.dumps(bench(count), ensure_ascii=False, indent=2))
