"""Personal data as editor errors, and the ``PRIVACY`` setting: the error side of the privacy guard.

What is personal data, where it is in a text and in every built file, is
decided in one place, :mod:`plugins.common.privacy`; this module turns those
findings into :class:`~plugins.common.errors.ContentError` (at the editor's
line, naming the kind, never the value) and reads the ``PRIVACY`` setting.
Kept apart so that the error type can mask personal data in every message
(:meth:`ContentError.format` uses the detector) without the detector
depending on the error type: no import circle.  Pure: no Pelican import.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import unquote

from .errors import ContentError
from .privacy import (
    PRIVACY_DEFAULTS,
    UNREADABLE,
    VIDEO_METADATA,
    PrivacyPolicy,
    find_personal_data,
    fold,
)
from .settings import SettingsError, merge_settings

_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def policy_from_settings(value: Mapping[str, Any] | None) -> PrivacyPolicy:
    """The policy for the ``PRIVACY`` setting; :class:`SettingsError` names any bad key."""
    merged = merge_settings("PRIVACY", PRIVACY_DEFAULTS, value)
    domains = merged["allowed_email_domains"]
    if isinstance(domains, str) or not isinstance(domains, Iterable):
        raise SettingsError("PRIVACY", "'allowed_email_domains' 应为邮箱域名的列表，例如 ('wfu.edu.cn',)")
    cleaned = set()
    for domain in domains:
        if not isinstance(domain, str) or not _DOMAIN.match(domain.strip().lower()):
            raise SettingsError(
                "PRIVACY", f"'allowed_email_domains' 中的 {domain!r} 不是邮箱域名（例如 'wfu.edu.cn'）"
            )
        cleaned.add(domain.strip().lower())
    values = merged["allowed_values"]
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise SettingsError("PRIVACY", "'allowed_values' 应为文字的列表，例如 ('0536-8785000',)")
    public = []
    for item in values:
        if not isinstance(item, str) or not item.strip():
            raise SettingsError("PRIVACY", f"'allowed_values' 中的 {item!r} 应为非空文字")
        public.append(fold(item.strip()))
    return PrivacyPolicy(frozenset(cleaned), tuple(public))


def personal_data_errors(
    text: str,
    path: str,
    line: int,
    field: str,
    policy: PrivacyPolicy | None = None,
    today: datetime.date | None = None,
) -> list[ContentError]:
    """One ``[personal-data]`` error per kind found in ``field`` (never the value itself).

    For a multi-line body pass the body's first line: each error points at the
    line where its finding starts.
    """
    errors = []
    seen = set()
    found = [(f.kind, line + text.count("\n", 0, f.start)) for f in find_personal_data(text, policy, today)]
    if "%" in text:  # a link's URL: "tel:+86%20138%201234%205678", "?q=%E4%BD%8F%E5%9D%80…"
        for offset, text_line in enumerate(text.split("\n")):
            if "%" in text_line:
                decoded = unquote(text_line)
                found += [(f.kind, line + offset) for f in find_personal_data(decoded, policy, today)]
    for kind, at in sorted(found, key=lambda item: item[1]):
        if (kind, at) in seen:
            continue
        seen.add((kind, at))
        errors.append(
            ContentError(
                path,
                at,
                "personal-data",
                f"“{field}”中发现疑似{kind}：为保护个人信息，网站不得公开{kind}，请删除"
                "（如确为单位公开信息，请联系网站管理员加入 PRIVACY 设置的公开名单）",
            )
        )
    return errors


def personal_data_in_data(
    data: Any,
    path: str,
    policy: PrivacyPolicy | None = None,
    today: datetime.date | None = None,
    field: str = "",
    line: int = 0,
) -> list[ContentError]:
    """``[personal-data]`` errors for every text (and number) in parsed YAML, at each value's line.

    ``data`` is what :func:`plugins.common.yamlio.load_yaml` returns (a front
    matter or a data file): mappings and lists remember their lines.  Field
    names are shown as ``officers[2].name`` so the editor finds the value.
    Numbers are checked too: an unquoted ``phone: 13812345678`` is an ``int``.
    """
    errors: list[ContentError] = []
    stack = [(data, field, line)]
    while stack:
        value, name, at = stack.pop()
        if isinstance(value, dict):
            lines = getattr(value, "line_of", None)
            for key, item in reversed(list(value.items())):
                key_text = str(key)
                errors += personal_data_errors(
                    key_text, path, lines(key) if lines else at, name or key_text, policy, today
                )
                stack.append((item, f"{name}.{key_text}" if name else key_text, lines(key) if lines else at))
        elif isinstance(value, list):
            lines = getattr(value, "line_of", None)
            for index in reversed(range(len(value))):
                stack.append((value[index], f"{name}[{index + 1}]", lines(index) if lines else at))
        elif isinstance(value, str):
            errors += personal_data_errors(value, path, at, name or "字段", policy, today)
        elif isinstance(value, int) and not isinstance(value, bool):
            errors += personal_data_errors(str(value), path, at, name or "字段", policy, today)
    return errors


def output_errors(problems: Iterable[tuple[str, str]], folder_label: str = "output") -> list[ContentError]:
    """The second pass's findings as errors (the file is generated, so no line; never the value)."""
    return [
        ContentError(
            f"{folder_label}/{relative}",
            0,
            "output-unreadable",
            "隐私检查无法读取这个生成的文件（未知的文件类型、已损坏或是链接）：为防止个人信息漏检，网站未发布；"
            "请联系网站管理员为这种文件加上读取方法（plugins/common/privacy.py）",
        )
        if kind == UNREADABLE
        else ContentError(
            f"{folder_label}/{relative}",
            0,
            "video-metadata-output",
            "生成的视频仍带有拍摄地点、时间、设备或其他元数据：网站未发布；"
            "请联系网站管理员检查视频的处理（plugins/common/videosafety.py）",
        )
        if kind == VIDEO_METADATA
        else ContentError(
            f"{folder_label}/{relative}",
            0,
            "personal-data-output",
            f"生成的页面中发现疑似{kind}：请在对应的内容文件或数据文件中删除后重新构建",
        )
        for relative, kind in problems
    ]
