"""The ``DEPLOY`` setting: declared once here with its defaults, checked as a whole.

publishconf.py names the targets; secrets never appear in it, only the names
of the environment variables that hold them (a committed settings file must
be safe to publish).  Every mistake is reported at once, in Chinese, with an
English key, like content errors.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass

SERVER_DEFAULTS = {
    "kind": "server",
    "host": None,  # required
    "user": None,  # required
    "port": 22,
    "path": None,  # required: absolute folder holding releases/ and current
    "keep": 5,  # releases kept on the server (current and the ones to roll back to)
    "identity_env": "",  # environment variable holding the path of the SSH private key (optional)
    "known_hosts": "",  # known_hosts file to check the server key against (default: ssh's own)
    # Remote command run after each switch, e.g. "sudo -n /usr/sbin/nginx -s reload": nginx reads the
    # generated redirect map only when it (re)loads its configuration.  "" = none.
    "after_switch": "",
    # nginx on the server: before the switch it tests (nginx -t, a private configuration) the new
    # release's redirect map, so a map nginx refuses never becomes current.  "" = the server runs no nginx.
    "nginx_check": "/usr/sbin/nginx",
    "staging": False,  # True: a staging copy; takes only staging builds (SITE_STAGING=1), others never
}
S3_DEFAULTS = {
    "kind": "s3",
    "bucket": None,  # required
    "endpoint_url": None,  # required, e.g. https://oss-cn-qingdao.aliyuncs.com
    "region": "us-east-1",
    "prefix": "",  # key prefix inside the bucket ("" = the bucket root)
    "access_key_env": "WFU_S3_ACCESS_KEY_ID",
    "secret_key_env": "WFU_S3_SECRET_ACCESS_KEY",
    "addressing_style": "virtual",  # Aliyun OSS refuses "path"; MinIO and local test servers need it
    "gzip": True,  # text objects stored gzip-compressed with Content-Encoding: gzip
    "staging": False,  # True: a staging bucket; takes only staging builds (SITE_STAGING=1), others never
}
BAIDU_DEFAULTS = {
    "token_env": "",  # environment variable holding the link-submission token ("" = never submit)
    "endpoint": "http://data.zz.baidu.com/urls",
}
DEPLOY_DEFAULTS = {"default": None, "targets": {}, "baidu": {}}

_ENV_NAME = re.compile(r"^[A-Z_][A-Z0-9_]*$")
_TARGET_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HOST = re.compile(r"^[A-Za-z0-9.:_-]+$")
_USER = re.compile(r"^[a-z_][a-z0-9_-]*$")
_PREFIX_SEGMENT = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9._-]*$")  # never "." or "..": a key stays under it
_BUCKET = re.compile(r"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")


class DeploySettingsError(ValueError):
    """The ``DEPLOY`` setting is wrong; ``messages`` lists every problem."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass(frozen=True)
class ServerTarget:
    name: str
    host: str
    user: str
    port: int
    path: str
    keep: int
    identity_env: str
    known_hosts: str
    after_switch: str
    nginx_check: str = "/usr/sbin/nginx"
    staging: bool = False


@dataclass(frozen=True)
class S3Target:
    name: str
    bucket: str
    endpoint_url: str
    region: str
    prefix: str
    access_key_env: str
    secret_key_env: str
    addressing_style: str
    gzip: bool
    staging: bool = False


@dataclass(frozen=True)
class BaiduConfig:
    token_env: str
    endpoint: str


@dataclass(frozen=True)
class DeployConfig:
    default: str | None
    targets: Mapping[str, ServerTarget | S3Target]
    baidu: BaiduConfig

    def target(self, name: str | None) -> ServerTarget | S3Target:
        """The named target, or the default one."""
        chosen = name or self.default
        if not chosen:
            raise DeploySettingsError(
                [
                    "DEPLOY: 没有指定发布目标：请用 --target 指定，或在 DEPLOY['default'] 中设置 [deploy-no-target]"
                ]
            )
        if chosen not in self.targets:
            known = "、".join(sorted(self.targets)) or "（无）"
            raise DeploySettingsError(
                [f"DEPLOY: 没有名为“{chosen}”的发布目标，可用：{known} [deploy-unknown-target]"]
            )
        return self.targets[chosen]


def _merge(where: str, user: object, defaults: dict, problems: list[str]) -> dict:
    if not isinstance(user, Mapping):
        problems.append(f"{where}: 应为字典（dict） [deploy-setting-invalid]")
        return dict(defaults)
    unknown = sorted(set(user) - set(defaults))
    if unknown:
        problems.append(
            f"{where}: 未知的键 {', '.join(unknown)}（可用：{', '.join(defaults)}） [deploy-setting-unknown]"
        )
    merged = dict(defaults, **{k: v for k, v in user.items() if k in defaults})
    for key, value in merged.items():
        if value is None:
            problems.append(f"{where}['{key}']: 必须填写 [deploy-setting-missing]")
    return merged


def _check(problems: list[str], ok: bool, where: str, message: str) -> None:
    if not ok:
        problems.append(f"{where}: {message} [deploy-setting-invalid]")


def _env_name(problems: list[str], where: str, value: object, optional: bool) -> None:
    if optional and value == "":
        return
    _check(problems, isinstance(value, str) and bool(_ENV_NAME.match(value)), where,
           "应为环境变量的名字（大写字母、数字和下划线），不要把密钥本身写进设置文件")  # fmt: skip


def _server(name: str, raw: dict, problems: list[str]) -> ServerTarget:
    where = f"DEPLOY['targets']['{name}']"
    _check(
        problems,
        isinstance(raw["host"], str) and bool(_HOST.match(raw["host"] or "")),
        f"{where}['host']",
        "应为主机名或 IP 地址",
    )
    _check(
        problems,
        isinstance(raw["user"], str) and bool(_USER.match(raw["user"] or "")),
        f"{where}['user']",
        "应为服务器上的用户名",
    )
    _check(problems, isinstance(raw["port"], int) and not isinstance(raw["port"], bool) and 0 < raw["port"] < 65536,
           f"{where}['port']", "应为 1–65535 的端口号")  # fmt: skip
    path = raw["path"]
    _check(problems, isinstance(path, str) and path.startswith("/") and path.rstrip("/") != "" and ".." not in path.split("/")
           and not re.search(r"[\s'\"\\$`;]", path), f"{where}['path']", "应为服务器上的绝对路径（不含空格和引号），例如 /srv/wfu-alumni-site")  # fmt: skip
    _check(problems, isinstance(raw["keep"], int) and not isinstance(raw["keep"], bool) and raw["keep"] >= 2,
           f"{where}['keep']", "至少保留 2 个版本（当前版本和可回滚的上一个版本）")  # fmt: skip
    _env_name(problems, f"{where}['identity_env']", raw["identity_env"], optional=True)
    _check(
        problems,
        isinstance(raw["known_hosts"], str),
        f"{where}['known_hosts']",
        "应为 known_hosts 文件路径或空字符串",
    )
    _check(
        problems,
        isinstance(raw["after_switch"], str),
        f"{where}['after_switch']",
        "应为服务器上的命令或空字符串",
    )
    _check(
        problems,
        isinstance(raw["nginx_check"], str)
        and bool(re.fullmatch(r"(/[A-Za-z0-9._-]+)*", raw["nginx_check"])),
        f"{where}['nginx_check']",
        "应为服务器上 nginx 程序的绝对路径（例如 /usr/sbin/nginx），或空字符串（服务器不用 nginx）",
    )
    _check(
        problems,
        isinstance(raw["staging"], bool),
        f"{where}['staging']",
        "应为 True（测试版）或 False（正式网站）",
    )
    return ServerTarget(name, str(raw["host"]), str(raw["user"]), raw["port"] if isinstance(raw["port"], int) else 22,
                        str(path or "").rstrip("/"), raw["keep"] if isinstance(raw["keep"], int) else 5,
                        str(raw["identity_env"]), str(raw["known_hosts"]), str(raw["after_switch"]),
                        str(raw["nginx_check"]), raw["staging"] is True)  # fmt: skip


def _s3(name: str, raw: dict, problems: list[str]) -> S3Target:
    where = f"DEPLOY['targets']['{name}']"
    _check(problems, isinstance(raw["bucket"], str) and bool(_BUCKET.match(raw["bucket"] or "")), f"{where}['bucket']",
           "应为存储桶名称（小写字母、数字、点和连字符）")  # fmt: skip
    endpoint = raw["endpoint_url"]
    _check(problems, isinstance(endpoint, str) and endpoint.startswith(("https://", "http://")), f"{where}['endpoint_url']",
           "应为以 https:// 开头的服务地址，例如 https://oss-cn-qingdao.aliyuncs.com")  # fmt: skip
    _check(
        problems,
        isinstance(raw["region"], str) and bool(raw["region"]),
        f"{where}['region']",
        "应为区域名称，例如 cn-qingdao",
    )
    prefix = normalise_prefix(raw["prefix"])
    _check(problems, prefix is not None, f"{where}['prefix']",
           "应为空，或存储桶里的目录，例如 site/（字母、数字、-_.，不能以 / 开头，不能含 .. 或连续的 /）")  # fmt: skip
    _env_name(problems, f"{where}['access_key_env']", raw["access_key_env"], optional=False)
    _env_name(problems, f"{where}['secret_key_env']", raw["secret_key_env"], optional=False)
    _check(
        problems,
        raw["addressing_style"] in ("virtual", "path"),
        f"{where}['addressing_style']",
        "应为 virtual 或 path",
    )
    _check(problems, isinstance(raw["gzip"], bool), f"{where}['gzip']", "应为 True 或 False")
    _check(
        problems,
        isinstance(raw["staging"], bool),
        f"{where}['staging']",
        "应为 True（测试版）或 False（正式网站）",
    )
    return S3Target(name, str(raw["bucket"]), str(endpoint), str(raw["region"]), prefix or "",
                    str(raw["access_key_env"]), str(raw["secret_key_env"]), str(raw["addressing_style"]),
                    bool(raw["gzip"]), raw["staging"] is True)  # fmt: skip


def normalise_prefix(value) -> str | None:
    """``"site"``/``"site/"`` → ``"site/"``, ``""``/``None`` → ``""``; ``None`` if it could leave its folder.

    Object keys are plain strings, but S3-compatible services, their CDNs and
    sync tools treat ``..`` and ``//`` as paths: a prefix ``../`` would put the
    site beside the folder it was given, or over another site.
    """
    if value is None or value == "":
        return ""
    if not isinstance(value, str) or value.startswith("/"):
        return None
    segments = value[:-1].split("/") if value.endswith("/") else value.split("/")
    if not all(_PREFIX_SEGMENT.match(s) for s in segments):
        return None
    return "/".join(segments) + "/"


KINDS = {"server": (SERVER_DEFAULTS, _server), "s3": (S3_DEFAULTS, _s3)}


def deploy_config(settings: Mapping) -> DeployConfig:
    """``DEPLOY`` merged over the defaults and checked; raises ``DeploySettingsError`` with every problem."""
    problems: list[str] = []
    top = _merge("DEPLOY", settings.get("DEPLOY") or {}, DEPLOY_DEFAULTS, [])
    targets: dict[str, ServerTarget | S3Target] = {}
    raw_targets = top["targets"] if isinstance(top["targets"], Mapping) else {}
    if not isinstance(top["targets"], Mapping):
        problems.append("DEPLOY['targets']: 应为字典：目标名 → 设置 [deploy-setting-invalid]")
    for name, raw in raw_targets.items():
        if not isinstance(name, str) or not _TARGET_NAME.match(name):
            problems.append(
                f"DEPLOY['targets']: 目标名“{name}”只能用小写字母、数字、- 和 _ [deploy-setting-invalid]"
            )
            continue
        kind = raw.get("kind") if isinstance(raw, Mapping) else None
        if kind not in KINDS:
            problems.append(
                f"DEPLOY['targets']['{name}']['kind']: 应为 server 或 s3 [deploy-setting-invalid]"
            )
            continue
        defaults, make = KINDS[kind]
        targets[name] = make(name, _merge(f"DEPLOY['targets']['{name}']", raw, defaults, problems), problems)
    default = top["default"]
    if default is not None and default not in raw_targets:
        problems.append(f"DEPLOY['default']: 没有名为“{default}”的目标 [deploy-setting-invalid]")
    baidu = _merge("DEPLOY['baidu']", top["baidu"], BAIDU_DEFAULTS, problems)
    _env_name(problems, "DEPLOY['baidu']['token_env']", baidu["token_env"], optional=True)
    _check(problems, isinstance(baidu["endpoint"], str) and baidu["endpoint"].startswith(("http://", "https://")),
           "DEPLOY['baidu']['endpoint']", "应为 http:// 或 https:// 开头的网址")  # fmt: skip
    unknown_top = (
        sorted(set(settings.get("DEPLOY") or {}) - set(DEPLOY_DEFAULTS))
        if isinstance(settings.get("DEPLOY"), Mapping)
        else []
    )
    if unknown_top:
        problems.append(
            f"DEPLOY: 未知的键 {', '.join(map(str, unknown_top))}（可用：default、targets、baidu） [deploy-setting-unknown]"
        )
    if problems:
        raise DeploySettingsError(problems)
    return DeployConfig(default, targets, BaiduConfig(str(baidu["token_env"]), str(baidu["endpoint"])))


def secret(env: Mapping[str, str], name: str, what: str) -> str:
    """A secret from the environment; a clear message when it is not set."""
    value = env.get(name, "")
    if not value:
        raise DeploySettingsError(
            [f"环境变量 {name} 没有设置（{what}）：请在运行发布命令的终端中设置 [deploy-secret-missing]"]
        )
    return value


def identity_file(target: ServerTarget, env: Mapping[str, str] = os.environ) -> str:
    """The SSH key path named by ``identity_env``, or "" to let ssh use its agent and defaults."""
    if not target.identity_env:
        return ""
    path = secret(env, target.identity_env, "SSH 私钥文件的路径")
    if not os.path.isfile(path):
        raise DeploySettingsError(
            [f"环境变量 {target.identity_env} 指向的 SSH 私钥文件不存在：{path} [deploy-secret-missing]"]
        )
    return path
