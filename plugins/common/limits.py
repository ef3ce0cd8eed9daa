"""Size limits for everything an editor can hand the build, declared once.

A 5 MB title, a YAML alias bomb or a 144-megapixel PNG must not make the build
run out of time or memory: each is refused early with a precise key.  The
numbers are generous for real content (a long Chinese title is 60 characters,
a phone photo 12–50 MP) and tight enough that the build stays within seconds.

Pure: no Pelican import.  The ``LIMITS`` setting is merged over
:data:`LIMITS_DEFAULTS` by :func:`limits_from_settings`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .errors import ContentError
from .settings import SettingsError, merge_settings

LIMITS_DEFAULTS: dict[str, int] = {
    "title_chars": 100,  # a headline readers can take in; WeChat allows 64
    "summary_chars": 300,  # list pages and share cards show about 120
    "text_field_chars": 2_000,  # any other one-line field (names, items, notes)
    "front_matter_bytes": 64 * 1024,  # the header of one Markdown file
    "markdown_bytes": 2 * 1024 * 1024,  # a whole Markdown file (a long article is ~50 KB)
    "data_file_bytes": 4 * 1024 * 1024,  # one YAML data file (content/data/*.yml, gifts)
    "yaml_nodes": 200_000,  # scalars + mappings + sequences in one YAML document
    "yaml_depth": 32,  # nesting of mappings and sequences
    "image_pixels": 40_000_000,  # 40 MP: larger than any phone photo
    "image_bytes": 30 * 1024 * 1024,  # one image file
    "video_bytes": 200 * 1024 * 1024,  # one video (a 3-minute 1080p phone clip is ~100 MB)
    "captions_bytes": 512 * 1024,  # one WebVTT captions file (an hour of speech is ~100 KB)
}


@dataclass(frozen=True)
class Limits:
    """The limits in force for one build (see :data:`LIMITS_DEFAULTS` for meanings)."""

    title_chars: int = LIMITS_DEFAULTS["title_chars"]
    summary_chars: int = LIMITS_DEFAULTS["summary_chars"]
    text_field_chars: int = LIMITS_DEFAULTS["text_field_chars"]
    front_matter_bytes: int = LIMITS_DEFAULTS["front_matter_bytes"]
    markdown_bytes: int = LIMITS_DEFAULTS["markdown_bytes"]
    data_file_bytes: int = LIMITS_DEFAULTS["data_file_bytes"]
    yaml_nodes: int = LIMITS_DEFAULTS["yaml_nodes"]
    yaml_depth: int = LIMITS_DEFAULTS["yaml_depth"]
    image_pixels: int = LIMITS_DEFAULTS["image_pixels"]
    image_bytes: int = LIMITS_DEFAULTS["image_bytes"]
    video_bytes: int = LIMITS_DEFAULTS["video_bytes"]
    captions_bytes: int = LIMITS_DEFAULTS["captions_bytes"]


DEFAULT_LIMITS = Limits()


def limits_from_settings(value: Mapping[str, Any] | None) -> Limits:
    """The :class:`Limits` for the ``LIMITS`` setting; :class:`SettingsError` on a bad key or value."""
    merged = merge_settings("LIMITS", LIMITS_DEFAULTS, value)
    for key, number in merged.items():
        if isinstance(number, bool) or not isinstance(number, int) or number <= 0:
            raise SettingsError("LIMITS", f"{key!r} 应为正整数，现在是 {number!r}")
    return Limits(**merged)


def length_errors(
    value: str, path: str, line: int, field: str, max_chars: int, kind: str = "字段"
) -> list[ContentError]:
    """``[too-long]`` if ``value`` has more than ``max_chars`` characters.

    ``len()`` is O(1) on a Python string, so a 5 MB title is refused at once,
    before any slug, pinyin or Markdown work touches it.
    """
    if len(value) <= max_chars:
        return []
    return [
        ContentError(
            path,
            line,
            "too-long",
            f"{kind}“{field}”太长（{len(value)} 字，最多 {max_chars} 字）：请精简后再保存",
        )
    ]


def title_errors(value: str, path: str, line: int, limits: Limits = DEFAULT_LIMITS) -> list[ContentError]:
    return length_errors(value, path, line, "title", limits.title_chars, "标题")


def summary_errors(value: str, path: str, line: int, limits: Limits = DEFAULT_LIMITS) -> list[ContentError]:
    return length_errors(value, path, line, "summary", limits.summary_chars, "摘要")


def size_errors(size: int, path: str, max_bytes: int, what: str = "文件") -> list[ContentError]:
    """``[file-too-large]`` if a file (or a front matter) is over ``max_bytes``."""
    if size <= max_bytes:
        return []
    return [
        ContentError(
            path,
            0 if what == "文件" else 1,
            "file-too-large",
            f"{what}太大（{_human(size)}，最多 {_human(max_bytes)}）：请检查是否误粘贴了大量内容，"
            "大段资料请拆分成多个文件",
        )
    ]


def _human(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{size / 1024:.0f} KB" if size >= 1024 else f"{size} 字节"
