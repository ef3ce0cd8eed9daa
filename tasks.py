"""Project tasks: `invoke --list` shows them all."""

import os
import sys

from invoke import task
from invoke.parser import ParserContext

# `invoke new --help`, `invoke wechat --help`: Invoke 3.0 checks a task's positional
# arguments before it looks at --help, so asking for help failed. When help is asked
# for, skip that check: Invoke then prints the task's help as documented.
if {"-h", "--help"} & set(sys.argv[1:]):
    ParserContext.missing_positional_args = property(lambda self: [])

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, ROOT)

CONFIG = {
    "host": "127.0.0.1",
    "port": 8000,
    "python": sys.executable,
}


@task(help={"publish": "use publishconf.py (absolute URLs for the real site)"})
def build(c, publish=False):
    """Build the site into output/ (checks content first; output/ is kept on failure)."""
    flag = " --publish" if publish else ""
    c.run(f"{CONFIG['python']} -m wfu.build build{flag}", pty=False)
    if publish:  # the published URLs join the lock: they must never break from now on
        c.run(f"{CONFIG['python']} -m wfu.build lock-urls --publish", pty=False)


@task(
    name="deploy",
    help={
        "dry_run": "show what would change, send nothing",
        "target": "a target in DEPLOY['targets'] of publishconf.py (default: DEPLOY['default'])",
    },
)
def deploy(c, dry_run=False, target=""):
    """Publish output/ (built with --publish) to the server or object storage."""
    flags = (" --dry-run" if dry_run else "") + (f" --target {target}" if target else "")
    with c.cd(ROOT):
        c.run(f"{CONFIG['python']} -m wfu.deploy deploy{flags}", pty=False)


@task(help={"target": "a server target in DEPLOY['targets'] (default: DEPLOY['default'])"})
def rollback(c, target=""):
    """Switch the server back to the previously deployed release."""
    flags = f" --target {target}" if target else ""
    with c.cd(ROOT):
        c.run(f"{CONFIG['python']} -m wfu.deploy rollback{flags}", pty=False)


@task(name="lock-urls")
def lock_urls(c):
    """Add the URLs of the last build in output/ to urls.lock (commit it afterwards)."""
    c.run(f"{CONFIG['python']} -m wfu.build lock-urls")


@task
def check(c):
    """Validate all content and data without writing output."""
    c.run(f"{CONFIG['python']} -m wfu.build check")


@task(
    help={
        "port": "预览端口（默认 8000）",
        "content": "内容文件夹（默认 content/）",
        "output": "输出文件夹（默认 output/）",
    }
)
def serve(c, port=CONFIG["port"], content="", output=""):
    """Preview on http://127.0.0.1:8000 with live reload."""
    # Replace this process instead of starting a child: stopping the task (Ctrl+C,
    # SIGTERM from an editor or a terminal closing) then stops the server itself.
    argv = [CONFIG["python"], "-m", "wfu.serve", "--host", CONFIG["host"], "--port", str(int(port))]
    if content:
        argv += ["--content", os.path.abspath(content)]
    if output:
        argv += ["--output", os.path.abspath(output)]
    os.execv(CONFIG["python"], argv)


@task(
    positional=["kind", "title"],
    help={
        "kind": "news | event | achievement | college | enterprise | job",
        "title": "标题（college、enterprise 为编号）",
    },
)
def new(c, kind=None, title=None):
    """Create a content file: invoke new news|event|achievement|job "标题" | new college|enterprise <id>."""
    from plugins.common.errors import ContentErrors
    from wfu.build import load_settings
    from wfu.scaffold import new_achievement, new_college, new_enterprise, new_event, new_job, new_news

    makers = {
        "news": new_news,
        "event": new_event,
        "achievement": new_achievement,
        "college": new_college,
        "enterprise": new_enterprise,
        "job": new_job,
    }
    if kind not in makers or not title:
        sys.exit(
            f'用法：invoke new <类型> "标题"，类型可用 {"、".join(makers)}（college、enterprise 后写编号）'
        )
    try:
        path, url = makers[kind](title, load_settings())
    except ContentErrors as exc:
        sys.exit(exc.report())
    print(f"已创建：{os.path.relpath(path, ROOT)}")
    print(f"发布后的网址：{url}")
    print("写完后运行 invoke check 检查；草稿（status: draft）改为 published 后才会发布。")


@task(
    help={
        "k": "only tests matching this expression",
        "browser": "include browser tests (default)",
        "jobs": "pytest-xdist workers: auto (one per CPU, default) or a number; 0 runs in one process",
    }
)
def test(c, k="", browser=True, jobs="auto"):
    """Run the whole test suite (unit, functional, browser)."""
    # pytest-xdist: one worker per CPU by default (--jobs 0 runs in one process), tests handed out one
    # by one (--dist load): "loadfile" sends the biggest files first, which left the two-test benchmark
    # (minutes) to the end.  The fixture site's shared builds are made once per run, whatever the
    # number of workers (once_per_run in tests/conftest.py).
    args = ["-q", "--durations=25", "-n", str(jobs)] + (["--dist", "load"] if str(jobs) != "0" else [])
    if k:
        args += ["-k", repr(k)]
    if not browser:
        args += ["-m", "'not browser'"]
    c.run(f"{CONFIG['python']} -m pytest {' '.join(args)}", pty=False)


@task
def lint(c):
    """Ruff: lint and import order."""
    c.run(f"{CONFIG['python']} -m ruff check .")


@task(
    help={
        "articles": "corpus sizes, comma-separated (default 1000,5000)",
        "pairs": "alternated runs (≥ 5)",
        "full_build_only": "only plain Pelican against our warm build (for 20,000 articles)",
    }
)
def bench(c, articles="1000,5000", pairs=5, full_build_only=False):
    """Benchmark our build against plain Pelican 4.12: alternated runs, median and range of ratios."""
    sizes = " ".join(str(int(n)) for n in str(articles).split(","))
    only = " --full-build-only" if full_build_only else ""
    c.run(f"{CONFIG['python']} -m wfu.bench {sizes} --pairs {int(pairs)}{only}")


@task(help={"dark": "dark colour scheme (files end in -dark)"})
def screenshots(c, dark=False):
    """Build the site, then photograph key pages at 375 and 1280 px into docs/screenshots/."""
    c.run(f"{CONFIG['python']} -m wfu.build build", pty=False)
    flag = " --dark" if dark else ""
    c.run(f"{CONFIG['python']} -m wfu.screenshots{flag}", pty=False)


@task(positional=["slug"], help={"slug": "文章的网址名（slug）"})
def wechat(c, slug=None):
    """Print the paths of an article's 公众号 export (build first): invoke wechat <slug>."""
    if not slug:
        sys.exit("用法：invoke wechat <文章的网址名>，例如 invoke wechat xiao-you-da-jiang-tang")
    found = sorted(
        os.path.join(root, name)
        for root, _, files in os.walk(os.path.join(ROOT, "output", "wechat"))
        for name in files
        if os.path.basename(root) == slug
    )
    if not found:
        sys.exit(f"没有找到网址名为“{slug}”的导出：请先运行 invoke build，并确认文章已发布")
    for path in found:
        print(os.path.relpath(path, ROOT))
    print(
        os.path.relpath(os.path.join(ROOT, "output", "wechat", "index.html"), ROOT) + "  （预览与复制页面）"
    )


@task(positional=["name"], help={"name": "文章的网址名（slug），重名时写 年份/网址名"})
def withdraw(c, name=None):
    """撤稿: set status: withdrawn in a published article (its URL then shows a notice, 410 Gone)."""
    from plugins.common.errors import ContentErrors
    from wfu.build import load_settings
    from wfu.withdraw import withdraw as withdraw_article

    if not name:
        sys.exit("用法：invoke withdraw <文章的网址名>，例如 invoke withdraw 2024/xiao-you-da-jiang-tang")
    try:
        path, url = withdraw_article(name, load_settings(light=True))
    except ContentErrors as exc:
        sys.exit(exc.report())
    print(f"已撤稿：{os.path.relpath(path, ROOT)}（status: withdrawn）")
    print(f"运行 invoke build --publish 并发布后，{url} 只显示撤稿说明（服务器返回 410），")
    print(
        "文章从列表、订阅、日历、搜索、网站地图和公众号导出中消失；网址仍保留在 urls.lock 中。请提交这两处改动。"
    )
