"""Project tasks: `invoke --list` shows them all (descriptions in Chinese: editors read them)."""

import os
import sys

from invoke import task
from invoke.parser import ParserContext
from invoke.parser.parser import ParseMachine

# `invoke new --help`, `invoke wechat --help`: Invoke 3.0 checks a task's positional
# arguments before it looks at --help, so asking for help failed. When help is asked
# for, skip that check: Invoke then prints the task's help as documented.
if {"-h", "--help"} & set(sys.argv[1:]):
    ParserContext.missing_positional_args = property(lambda self: [])
# `invoke withdraw` alone printed Invoke's English "did not receive required positional
# arguments". Skip only that final check: the arguments are still read in order, and a
# task called without its arguments prints its own Chinese usage line (each task with
# positional arguments checks them itself).
_complete_context = ParseMachine.complete_context


def _complete_context_without_positional_check(self) -> None:
    if self.context and self.context.missing_positional_args:
        if self.context not in self.result:
            self.result.append(self.context)
        return
    _complete_context(self)


ParseMachine.complete_context = _complete_context_without_positional_check

ROOT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, ROOT)

CONFIG = {
    "host": "127.0.0.1",
    "port": 8000,
    "python": sys.executable,
}


@task(help={"publish": "正式发布：使用 publishconf.py（网址为正式网站的完整地址）"})
def build(c, publish=False):
    """生成网站到 output/（先检查内容；有问题时 output/ 保持不变）。"""
    flag = " --publish" if publish else ""
    c.run(f"{CONFIG['python']} -m wfu.build build{flag}", pty=False)
    if publish:  # the published URLs join the lock: they must never break from now on
        c.run(f"{CONFIG['python']} -m wfu.build lock-urls --publish", pty=False)


@task(
    name="deploy",
    help={
        "dry_run": "只显示将会改动的文件，不上传",
        "target": "publishconf.py 中 DEPLOY['targets'] 的一个目标（默认 DEPLOY['default']）",
    },
)
def deploy(c, dry_run=False, target=""):
    """把 output/（用 --publish 生成）上传到服务器或对象存储。"""
    flags = (" --dry-run" if dry_run else "") + (f" --target {target}" if target else "")
    with c.cd(ROOT):
        c.run(f"{CONFIG['python']} -m wfu.deploy deploy{flags}", pty=False)


@task(help={"target": "DEPLOY['targets'] 中的服务器目标（默认 DEPLOY['default']）"})
def rollback(c, target=""):
    """把服务器切回上一次部署的版本。"""
    flags = f" --target {target}" if target else ""
    with c.cd(ROOT):
        c.run(f"{CONFIG['python']} -m wfu.deploy rollback{flags}", pty=False)


@task(name="lock-urls")
def lock_urls(c):
    """把 output/ 中已生成的网址加入 urls.lock（之后请提交 urls.lock）。"""
    c.run(f"{CONFIG['python']} -m wfu.build lock-urls")


@task
def check(c):
    """检查全部内容和数据，不生成网站（草稿未写完只提醒）。"""
    c.run(f"{CONFIG['python']} -m wfu.build check")


@task(
    help={
        "port": "预览端口（默认 8000）",
        "content": "内容文件夹（默认 content/）",
        "output": "输出文件夹（默认 output/）",
    }
)
def serve(c, port=CONFIG["port"], content="", output=""):
    """本机预览 http://127.0.0.1:8000 ，修改后自动刷新。"""
    # Replace this process instead of starting a child: stopping the task (Ctrl+C,
    # SIGTERM from an editor or a terminal closing) then stops the server itself.
    argv = [CONFIG["python"], "-m", "wfu.serve", "--host", CONFIG["host"], "--port", str(int(port))]
    if content:
        argv += ["--content", os.path.abspath(content)]
    if output:
        argv += ["--output", os.path.abspath(output)]
    os.execv(CONFIG["python"], argv)


@task(
    help={
        "port": "预览端口（默认 8000）",
        "commit": "每次保存都提交到 git（默认只改工作副本）",
    }
)
def cms(c, port=CONFIG["port"], commit=False):
    """网页编辑器：在 http://127.0.0.1:8000/admin/ 编辑内容（本机后端 decap-server 与预览一起启动）。"""
    argv = [CONFIG["python"], "-m", "wfu.cms", "--port", str(int(port))] + (["--commit"] if commit else [])
    os.execv(CONFIG["python"], argv)


@task(
    positional=["kind", "title"],
    help={
        "kind": "类型：news（新闻）| event（活动）| achievement（校友风采）| college（学院）| enterprise（企业）| job（招聘）",
        "title": "标题（college、enterprise 为编号）",
    },
)
def new(c, kind=None, title=None):
    """新建内容文件（草稿）：invoke new news|event|achievement|job "标题"，或 new college|enterprise 编号。"""
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
    print(
        "这是草稿（status: draft）：没写完也不影响预览，invoke check 会列出还差什么；改为 published 后才会发布。"
    )


@task(
    name="import",
    positional=["path"],
    help={
        "path": "Word 文档（.docx）的路径",
        "section": "导入为：news（新闻，默认）或 event（活动）",
        "content": "内容文件夹（默认 content/）",
    },
)
def import_docx(c, path=None, section="news", content=""):
    """把 Word 文档导入为草稿：invoke import 文件.docx [--section news]。"""
    from plugins.common.errors import ContentErrors
    from wfu.build import load_settings
    from wfu.docx_import import import_docx as convert_docx

    if not path:
        sys.exit("用法：invoke import 文件.docx [--section news]，例如 invoke import ~/桌面/返校日新闻.docx")
    try:
        settings = load_settings(light=True, **({"PATH": os.path.abspath(content)} if content else {}))
        made = convert_docx(path, settings, section)
    except ContentErrors as exc:
        sys.exit(exc.report())
    except OSError as exc:  # disk full, no permission: nothing half-written is left behind
        sys.exit(
            f"{path}: 无法写入文件（{exc.strerror or exc}）：请检查磁盘空间和文件夹权限后再试 [import-failed]"
        )
    except Exception as exc:  # noqa: BLE001 - the editor gets a message, the developer the log
        import traceback

        log = os.path.join(ROOT, ".cache", "import-error.log")
        os.makedirs(os.path.dirname(log), exist_ok=True)
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"--- {path}\n{''.join(traceback.format_exception(exc))}")
        sys.exit(
            f"{path}: 导入时发生意外错误（{type(exc).__name__}），没有留下半个文件：请把这个文档和日志 "
            f"{os.path.relpath(log, ROOT)} 发给网站维护人员 [unexpected-error]"
        )
    print(f"已导入为草稿：{os.path.relpath(made.path, ROOT)}")
    for image in made.images:
        print(f"图片：{image}（已去除拍摄地点等信息）")
    print(f"发布后的网址：{made.url}")
    for warning in made.warnings:
        print(f"请注意：{warning}")
    if made.problems:
        print("检查发现以下问题，请在草稿中修改：", file=sys.stderr)
        sys.exit("\n".join(problem.format() for problem in made.problems))
    print("请核对栏目（category）、标题和正文，再运行 invoke check；改为 status: published 后才会发布。")


@task(
    help={
        "k": "只运行名称符合这个表达式的测试",
        "browser": "包括浏览器测试（默认包括）",
        "jobs": "并行进程数：auto（每个 CPU 一个，默认）或数字；0 表示单进程",
    }
)
def test(c, k="", browser=True, jobs="auto"):
    """运行全部测试（单元、功能、浏览器）。"""
    # pytest-xdist: one worker per CPU by default (--jobs 0 runs in one process).  "worksteal" gives each
    # worker an equal run of tests and lets an idle one take half of another's queue, so a worker never
    # ends with a queue of slow tests while the other waits: replayed with the last CI run's test times in
    # 200 random orders (pytest-randomly), two workers ended 4 s after an even split at the median and
    # 31 s at the 90th percentile, against 10 s and 81 s with "load"; "loadfile" once left the two-test
    # benchmark (minutes) to the end.  The fixture site's shared builds are made once per run, whatever
    # the number of workers (once_per_run in tests/conftest.py).
    args = ["-q", "--durations=25", "-n", str(jobs)] + (["--dist", "worksteal"] if str(jobs) != "0" else [])
    if k:
        args += ["-k", repr(k)]
    if not browser:
        args += ["-m", "'not browser'"]
    c.run(f"{CONFIG['python']} -m pytest {' '.join(args)}", pty=False)


@task(help={"source": "使用已有的构建（测试失败时给出的文件夹），不重新构建"})
def golden(c, source=""):
    """开发者用：重新生成测试用的标准输出 tests/golden/（确认改动无误后运行并提交）。"""
    flag = f" --from {os.path.abspath(source)}" if source else ""
    with c.cd(ROOT):
        c.run(f"{CONFIG['python']} -m tools.golden --update{flag}", pty=False)


@task
def lint(c):
    """代码检查（Ruff：代码规范和导入顺序）。"""
    c.run(f"{CONFIG['python']} -m ruff check .")


@task(
    help={
        "articles": "文章数量，用逗号分隔（默认 1000,5000）",
        "pairs": "交替运行的轮数（至少 5）",
        "full_build_only": "只比较原版 Pelican 与我们的热构建（用于 20,000 篇文章）",
        "edit_only": "只比较原版 Pelican 与我们改一篇文章后的构建及其内存峰值（用于 20,000 篇文章）",
        "no_preview": "不测量 invoke serve 从保存文章到预览显示新内容的时间（每轮少两次构建）",
    }
)
def bench(c, articles="1000,5000", pairs=5, full_build_only=False, edit_only=False, no_preview=False):
    """性能测试：与原版 Pelican 4.12 交替运行，报告耗时比的中位数和范围。"""
    sizes = " ".join(str(int(n)) for n in str(articles).split(","))
    only = " --full-build-only" if full_build_only else ""
    only += " --edit-only" if edit_only else ""
    only += " --no-preview" if no_preview else ""
    c.run(f"{CONFIG['python']} -m wfu.bench {sizes} --pairs {int(pairs)}{only}")


@task(help={"dark": "深色模式（文件名以 -dark 结尾）"})
def screenshots(c, dark=False):
    """生成网站，并把主要页面按 375 和 1280 像素宽截图到 docs/screenshots/。"""
    c.run(f"{CONFIG['python']} -m wfu.build build", pty=False)
    flag = " --dark" if dark else ""
    c.run(f"{CONFIG['python']} -m wfu.screenshots{flag}", pty=False)


@task(positional=["slug"], help={"slug": "文章的网址名（slug）"})
def wechat(c, slug=None):
    """显示文章的公众号导出文件（先生成网站）：invoke wechat <网址名>。"""
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
    """撤稿：把已发布文章改为 status: withdrawn（网址保留，只显示撤稿说明，服务器返回 410）。"""
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
