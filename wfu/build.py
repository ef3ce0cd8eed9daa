"""Build the site safely: check everything first, build aside, then swap.

An editor's mistake must never leave a half-written or empty ``output/``: the
site is first validated (every error at once), then built by Pelican into a
temporary folder next to ``output/``; only a build with no error and no
Pelican warning replaces ``output/``.  The old tree is renamed aside and
removed afterwards (renaming is much cheaper than deleting first).
"""

from __future__ import annotations

import importlib
import logging
import os
import shutil
import sys
import tempfile
import time

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.registries import Registries
from wfu.search import index_for_build

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEV_SETTINGS = os.path.join(ROOT, "pelicanconf.py")
PUBLISH_SETTINGS = os.path.join(ROOT, "publishconf.py")


def load_settings(settings_file: str = DEV_SETTINGS, **overrides) -> dict:
    """Pelican settings with paths made absolute (relative to the settings file)."""
    from pelican.settings import read_settings

    return read_settings(settings_file, override=overrides or None)


def check_site(settings: dict) -> list[ContentError]:
    """Every content error in the site, from every plugin that has a ``check``.

    Sections that define ids (colleges, associations …) offer them through
    ``registry(settings)`` first, so every section can check references.
    """
    modules = [
        importlib.import_module(f"{name}.generator")
        for name in settings.get("PLUGINS", [])
        if name.startswith("plugins.")
    ]
    ids: dict = {}
    for module in modules:
        if hasattr(module, "registry"):
            ids.update(module.registry(settings))
    registries = Registries(**ids)
    errors: list[ContentError] = []
    for module in modules:
        if hasattr(module, "check"):
            errors.extend(module.check(settings, registries))
    return sorted(set(errors))


class _Collector(logging.Handler):
    """Keeps every warning or error logged during a Pelican run."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        active = sys.exc_info()[1]  # Pelican logs reader failures without exc_info
        if isinstance(active, ContentErrors):
            message = active.report()
        elif active is not None and record.levelno >= logging.ERROR:
            message = f"{message}: {type(active).__name__}: {active}"
        self.records.append(message)


class BuildFailed(Exception):
    """The site was not built; ``messages`` say why, ``output/`` is unchanged."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


def build(settings: dict, output: str | None = None) -> str:
    """Check, build into a temporary folder and swap it in; return the output path."""
    output = os.path.abspath(output or settings["OUTPUT_PATH"])
    errors = check_site(settings)
    if errors:
        raise BuildFailed([e.format() for e in errors])
    parent = os.path.dirname(output)
    os.makedirs(parent, exist_ok=True)
    staging = tempfile.mkdtemp(prefix=".building-", dir=parent)
    try:
        run_pelican(dict(settings, OUTPUT_PATH=staging, DELETE_OUTPUT_DIRECTORY=False))
        check_url_lock(settings, staging)
        index_for_build(settings, staging, BuildFailed)  # search index (Pagefind) of the staged site
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    swap(staging, output)
    return output


def check_url_lock(settings: dict, built: str) -> None:
    """Publishing must not break a URL ever published (``URL_LOCK`` is set by publishconf.py)."""
    from plugins.urls.model import missing_locked, read_lock, site_urls

    lock = settings.get("URL_LOCK")
    if not lock:
        return
    missing = missing_locked(read_lock(lock), site_urls(built), ())
    if missing:
        raise BuildFailed(
            [
                f"urls.lock: 已发布的网址 {url} 在新网站中不存在：请恢复该页面，或在 content/redirects.yml 中"
                f"加一条跳转（from: {url}，to: 新网址） [locked-url-missing]"
                for url in missing
            ]
        )


def lock_urls(output: str, lock: str) -> int:
    """Add the URLs of a built site to the lock; return how many were new."""
    from plugins.urls.model import merge_lock, read_lock, site_urls

    before = read_lock(lock)
    urls = site_urls(output)
    with open(lock, "w", encoding="utf-8") as handle:
        handle.write(merge_lock(before, urls))
    return len(set(urls) - set(before))


def run_pelican(settings: dict) -> None:
    """Run Pelican; any warning or error it logs fails the build."""
    from pelican import Pelican

    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    previous_level = root.level
    root.setLevel(min(previous_level or logging.WARNING, logging.WARNING))
    try:
        Pelican(settings).run()
    except ContentErrors as exc:
        collector.records.append(exc.report())
    finally:
        root.removeHandler(collector)
        root.setLevel(previous_level)
    if collector.records:
        raise BuildFailed(collector.records)


def swap(staging: str, output: str) -> None:
    """Replace ``output`` by ``staging`` with two renames."""
    old = None
    if os.path.exists(output):
        old = f"{output}.old-{os.getpid()}-{time.monotonic_ns()}"
        os.rename(output, old)
    os.rename(staging, output)
    os.chmod(output, 0o755)
    if old:
        shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    """``python -m wfu.build [check|build] [--publish] [--output DIR]``."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m wfu.build")
    parser.add_argument("action", choices=["build", "check", "lock-urls"], nargs="?", default="build")
    parser.add_argument("--publish", action="store_true", help="use publishconf.py")
    parser.add_argument("--output", help="output folder (default: OUTPUT_PATH)")
    parser.add_argument("--content", help="content folder (default: PATH); used by tests")
    parser.add_argument("--lock", help="URL lock file (default: URL_LOCK of the settings); used by tests")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    overrides = {"PATH": os.path.abspath(args.content)} if args.content else {}
    if args.lock:
        overrides["URL_LOCK"] = os.path.abspath(args.lock)
    settings = load_settings(PUBLISH_SETTINGS if args.publish else DEV_SETTINGS, **overrides)
    started = time.perf_counter()
    if args.action == "lock-urls":
        output = os.path.abspath(args.output or settings["OUTPUT_PATH"])
        lock = settings.get("URL_LOCK") or os.path.join(ROOT, "urls.lock")
        added = lock_urls(output, lock)
        print(f"urls.lock：新增 {added} 个网址（来自 {os.path.relpath(output)}）。请提交 urls.lock。")
        return 0
    if args.action == "check":
        errors = check_site(settings)
        for error in errors:
            print(error.format(), file=sys.stderr)
        if errors:
            print(f"\n发现 {len(errors)} 个问题，请按提示修改后再试。({len(errors)} error(s))", file=sys.stderr)
            return 1
        print(f"检查通过：内容没有发现问题（{time.perf_counter() - started:.2f} 秒）。")
        return 0
    try:
        output = build(settings, args.output)
    except BuildFailed as failed:
        for message in failed.messages:
            print(message, file=sys.stderr)
        print(
            f"\n构建失败：发现 {len(failed.messages)} 个问题，output/ 保持上一次成功构建的内容未变。"
            f"\nBuild failed with {len(failed.messages)} problem(s); output/ is unchanged.",
            file=sys.stderr,
        )
        return 1
    print(f"构建完成：{os.path.relpath(output)}（{time.perf_counter() - started:.2f} 秒）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
