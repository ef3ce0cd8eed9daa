"""``python -m wfu.deploy deploy|rollback``: the command behind ``invoke deploy`` and ``invoke rollback``.

Checks before touching a target: the output is a finished publishing build
(``build-info.json`` says ``publish``) for the same SITEURL as the settings.
Every failure is one line per problem and exit code 1, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping

from wfu.buildinfo import BUILD_INFO_FILE, BuildInfoError, read_build_info

from . import manifest as mf
from .report import DeployFailed, DeployReport
from .targets import DeployConfig, DeploySettingsError, S3Target, ServerTarget, deploy_config, identity_file


def check_build(output: str, settings: Mapping, target: ServerTarget | S3Target) -> dict:
    """The build's info, or ``DeployFailed`` when it must not be published (to ``target``).

    A staging build (test articles, sample content, the staging address) never
    reaches a real target, and a real build never goes to a staging one (its
    URLs would point at the real site from the test address).
    """
    if not os.path.isdir(output):
        raise DeployFailed(f"{output}: 文件夹不存在：请先运行 invoke build --publish [deploy-no-output]")
    info = read_build_info(output, settings.get("BUILD_INFO_SAVE_AS", BUILD_INFO_FILE))
    if not info["publish"]:
        raise DeployFailed(
            f"{output}: 这是预览构建（没有 --publish），网址是相对的、也没有检查 urls.lock："
            "请先运行 invoke build --publish [deploy-not-publish-build]"
        )
    if info["staging"] and not target.staging:
        raise DeployFailed(
            f"{output}: 这是测试版构建（SITE_STAGING=1），不能发布到正式目标 {target.name}："
            '请发布到测试版目标（DEPLOY 中写 "staging": True 的目标，用 --target 指定），'
            "或不设置 SITE_STAGING 重新运行 invoke build --publish [deploy-staging-to-production]"
        )
    if target.staging and not info["staging"]:
        raise DeployFailed(
            f"{output}: 这是正式构建，目标 {target.name} 是测试版：请用 SITE_STAGING=1 invoke build --publish "
            "重新构建测试版，或改用正式目标 [deploy-production-to-staging]"
        )
    expected = settings.get("SITEURL", "")
    if info.get("siteurl") != expected:
        raise DeployFailed(
            f"{output}: 构建使用的网址是 {info.get('siteurl')!r}，发布设置是 {expected!r}：请用相同的 SITEURL 重新构建"
            + (
                "（测试版发布时也请设置 SITE_STAGING=1：SITE_STAGING=1 invoke deploy --target 测试版目标）"
                if info["staging"]
                else ""
            )
            + " [deploy-siteurl-mismatch]"
        )
    return info


def print_report(report: DeployReport) -> None:
    title = "发布演练（没有改动任何内容）" if report.dry_run else "发布完成"
    print(f"{title}：目标 {report.target}，版本 {report.build_id}")
    for line in mf.summary(report.added, report.updated, report.deleted):
        print(line)
    if report.kept_locked:
        print(f"保留 {len(report.kept_locked)} 个已发布网址的文件（在 urls.lock 中，不删除）")
    for note in report.notes:
        print(note)
    print(f"新网址 {len(report.new_urls)} 个")


def run_deploy(config: DeployConfig, settings: Mapping, args, env: Mapping[str, str]) -> DeployReport:
    from plugins.urls.model import read_lock

    target = config.target(args.target)
    output = os.path.abspath(args.output or settings["OUTPUT_PATH"])
    info = check_build(output, settings, target)
    if isinstance(target, ServerTarget):
        from .server import deploy_server

        report = deploy_server(
            target, output, info["build_id"], identity_file(target, env), dry_run=args.dry_run
        )
    else:
        from .s3 import deploy_s3, make_client

        lock = args.lock or settings.get("URL_LOCK") or ""
        report = deploy_s3(target, output, info["build_id"], read_lock(lock) if lock else [], make_client(target, env),
                           dry_run=args.dry_run)  # fmt: skip
    print_report(report)
    if config.baidu.token_env and report.new_urls:
        from .baidu import submit

        token = env.get(config.baidu.token_env, "")
        if token:
            submit(
                config.baidu.endpoint,
                settings.get("SITEURL", ""),
                token,
                report.new_urls,
                dry_run=args.dry_run,
            )
        else:
            print(f"未设置环境变量 {config.baidu.token_env}：跳过百度收录提交")
    return report


def run_rollback(config: DeployConfig, args, env: Mapping[str, str]) -> None:
    target = config.target(args.target)
    if isinstance(target, S3Target):
        raise DeployFailed(
            f"{target.name}: 对象存储没有版本可以切换：请检出上一次发布的提交，重新运行 invoke build --publish "
            "和 invoke deploy [rollback-not-supported]"
        )
    from .server import rollback_server

    old, new = rollback_server(target, identity_file(target, env))
    print(f"已回滚：{target.name} 的 current 从 {old} 切换到 {new}")


def main(argv: list[str] | None = None, env: Mapping[str, str] = os.environ) -> int:
    parser = argparse.ArgumentParser(prog="python -m wfu.deploy")
    parser.add_argument("action", choices=["deploy", "rollback"])
    parser.add_argument("--target", help="target name in DEPLOY['targets'] (default: DEPLOY['default'])")
    parser.add_argument("--dry-run", action="store_true", help="show what would change; change nothing")
    parser.add_argument("--output", help="built site (default: OUTPUT_PATH)")
    parser.add_argument("--settings", help="settings file (default: publishconf.py)")
    parser.add_argument("--lock", help="URL lock file (default: URL_LOCK of the settings)")
    args = parser.parse_args(argv)
    from wfu.build import PUBLISH_SETTINGS, load_settings

    settings_path = os.path.abspath(args.settings) if args.settings else PUBLISH_SETTINGS
    try:
        settings = load_settings(settings_path)
    except (OSError, ValueError, SyntaxError, ImportError, NameError) as exc:
        print(
            f"{settings_path}: 设置文件无法读取：{type(exc).__name__}: {exc} [deploy-settings-unreadable]",
            file=sys.stderr,
        )
        return 1
    try:
        config = deploy_config(settings)
        if args.action == "deploy":
            run_deploy(config, settings, args, env)
        else:
            run_rollback(config, args, env)
    except DeploySettingsError as exc:
        for message in exc.messages:
            print(message, file=sys.stderr)
        print("\n发布设置有误，什么也没有改动。(deploy settings invalid; nothing changed)", file=sys.stderr)
        return 1
    except (DeployFailed, BuildInfoError) as exc:
        print(str(exc), file=sys.stderr)
        print(
            "\n发布没有完成：上一次发布的网站仍在正常服务，修正后重新运行即可。"
            "(deploy not completed; the previous site is still served)",
            file=sys.stderr,
        )
        return 1
    return 0
