"""Field-by-field validation of front matter, shared by every section.

Each section's model declares its fields and calls these checks; they all
add :class:`ContentError` s with the field's own line to one list, so an
editor sees every problem in a file at once, worded the same way in every
section.
"""

from __future__ import annotations

import difflib
import os
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime

from .dates import parse_date
from .errors import ContentError
from .images import ImageSizes, check_body_images, check_image_file
from .links import check_internal_links
from .privacy import kinds_found
from .slugs import MAX_SLUG_LENGTH, is_valid_slug, slugify
from .yamlio import LineDict

ID_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
STATUSES = ("published", "draft")
STATUS_NAMES = {"published": "published（发布）", "draft": "draft（草稿）", "withdrawn": "withdrawn（撤稿）"}


class FieldChecker:
    """Collects the errors of one front-matter mapping or one YAML record.

    ``missing_line`` is where an absent field is reported: the ``---`` of a
    front matter (line 1) by default, the record's own line for data files.
    """

    def __init__(self, raw: LineDict, path: str, allowed: Sequence[str], missing_line: int = 1):
        self.raw, self.path, self.allowed, self.missing_line = raw, path, tuple(allowed), missing_line
        self.errors: list[ContentError] = []
        for name in raw:
            if name not in self.allowed:
                near = difflib.get_close_matches(str(name), self.allowed, n=1)
                hint = f"，是不是“{near[0]}”？" if near else f"。可用字段：{'、'.join(self.allowed)}"
                kinds = kinds_found(str(name))
                # A key pasted from a contact list ("13812345678: 张三") is never echoed into logs.
                shown = f"（字段名中有疑似{kinds[0]}，不在此显示）" if kinds else f"“{name}”"
                self.error("unknown-field", name, f"不认识的字段{shown}{hint}")

    def line(self, name: str) -> int:
        return self.raw.line_of(name) if name in self.raw else max(self.raw.line, 1)

    def error(self, key: str, name: str, message: str) -> None:
        self.errors.append(ContentError(self.path, self.line(name), key, message, str(name)))

    def present(self, name: str) -> bool:
        return self.raw.get(name) not in (None, "")

    def required(self, name: str, message: str, key: str | None = None) -> bool:
        """An error ``missing-<name>`` (or ``key``) unless the field has a value."""
        if self.present(name):
            return True
        line = self.raw.line_of(name) if name in self.raw else self.missing_line
        self.errors.append(
            ContentError(self.path, line, key or f"missing-{name.replace('_', '-')}", message, name)
        )
        return False

    def text(self, name: str) -> str | None:
        """A one-line or multi-line text field (numbers are accepted as text)."""
        value = self.raw.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.error("wrong-type", name, f"“{name}”应当是一段文字，不是列表或多个字段")
            return None
        return str(value).strip() or None

    def boolean(self, name: str, default: bool = False) -> bool:
        value = self.raw.get(name, default)
        if not isinstance(value, bool):
            self.error(f"invalid-{name.replace('_', '-')}", name, f"{name} 只能是 true 或 false")
            return default
        return value

    def status(self, allowed: Sequence[str] = STATUSES) -> str:
        """``status``; news also allows ``withdrawn`` (撤稿: the URL stays, the article goes)."""
        value = self.raw.get("status", "published")
        if value not in allowed:
            names = [STATUS_NAMES.get(s, s) for s in allowed]
            choices = "、".join(names[:-1]) + "或 " + names[-1] if len(names) > 1 else names[0]
            self.error("invalid-status", "status", f"状态“{value}”无效：只能是 {choices}")
            return "published"
        return str(value)

    def date(self, name: str = "date") -> datetime | None:
        if not self.present(name):
            return None
        value = parse_date(self.raw[name])
        if value is None:
            self.error(
                "invalid-date",
                name,
                f"日期“{self.raw[name]}”无法识别：请写成 2024-05-12 或 2024-05-12 14:30"
                "（年-月-日，月和日用两位数字，北京时间）",
            )
        return value

    def choice(self, name: str, choices: Sequence[str], key: str, label: str) -> str | None:
        """A value from a configured list; the error suggests the closest one."""
        value = self.raw.get(name)
        if value in (None, ""):
            return None
        if value not in choices:
            near = difflib.get_close_matches(str(value), choices, n=1)
            hint = f"是不是“{near[0]}”？" if near else ""
            self.error(key, name, f"未知{label}“{value}”，{hint}可选：{'、'.join(choices)}")
            return None
        return str(value)

    def identifier(self, name: str, label: str, known: Mapping[str, str] | None) -> str | None:
        """An id of another section's item: ASCII, and existing once that section has data."""
        value = self.raw.get(name)
        if value is None:
            return None
        key = name.replace("_", "-")
        if not isinstance(value, str) or not ID_RE.match(value):
            self.error(f"invalid-{key}", name, f"{label}编号“{value}”应为小写英文、数字和连字符")
            return None
        if known is not None and value not in known:
            choices = "、".join(f"{k}（{v}）" for k, v in sorted(known.items())) or "（暂无）"
            self.error(f"unknown-{key}", name, f"未知{label}编号“{value}”，可选：{choices}")
            return None
        return value

    def text_list(self, name: str, example: str) -> tuple[str, ...]:
        value = self.raw.get(name)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(
            isinstance(item, str | int) and not isinstance(item, bool) and str(item).strip() for item in value
        ):
            self.error(
                f"invalid-{name}", name, f"“{name}”应当是列表，例如 {name}: {example}，每一项是一段非空文字"
            )
            return ()
        return tuple(dict.fromkeys(str(item).strip() for item in value))

    def slug(self, title: str | None, reserved: frozenset[str] = frozenset()) -> str | None:
        """The ``slug`` field, else the pinyin of the title."""
        slug = None
        if self.raw.get("slug") is not None:
            slug = str(self.raw["slug"])
            if not is_valid_slug(slug):
                self.error(
                    "invalid-slug",
                    "slug",
                    f"网址名“{slug}”不合规：只能用小写字母、数字和连字符 -，不超过 {MAX_SLUG_LENGTH} 个字符，"
                    f"例如 {slugify(title or '') or 'xiao-you-hui'}",
                )
                return None
        elif title:
            slug = slugify(title)
            if not slug:
                self.error(
                    "invalid-slug", "title", "无法从标题生成网址，请在字段区加上 slug: 英文或拼音网址名"
                )
                return None
        if slug in reserved:
            self.error(
                "invalid-slug", "slug" if "slug" in self.raw else "title", f"网址名“{slug}”是保留字，请换一个"
            )
            return None
        return slug

    def image(
        self,
        name: str,
        source_path: str,
        content_root: str,
        sizes: ImageSizes | None,
        published_as_is: bool = True,
    ) -> str | None:
        """An image path field (relative to the content folder): it must exist and be readable."""
        if not self.present(name):
            return None
        image = str(self.raw[name]).strip().removeprefix("{static}").lstrip("/")
        self.errors.extend(
            ContentError(e.path, self.line(name), e.key, e.message, name)
            for e in check_image_file(
                "/" + image, 0, self.path, source_path, content_root, sizes, published_as_is
            )
        )
        return image

    def body(
        self, body: str, body_line: int, source_path: str, content_root: str, sizes: ImageSizes | None
    ) -> None:
        """Images and internal links of the Markdown body, at the editor's lines."""
        self.errors += check_body_images(body, body_line, self.path, source_path, content_root, sizes)
        self.errors += check_internal_links(body, body_line, self.path, source_path, content_root)

    def url_line(self) -> int:
        """The line that decides the URL: ``slug``, or ``title`` when derived."""
        return self.line("slug" if "slug" in self.raw else "title")


def file_id(check: FieldChecker, source_path: str, label: str, example: str) -> str:
    """The id of a one-file-per-item section: the file name, which ``id`` may repeat.

    Other sections refer to the item by this id, so it must be a stable ASCII
    word; a different ``id`` field would be ambiguous.
    """
    stem = os.path.splitext(os.path.basename(source_path))[0]
    if not ID_RE.match(stem):
        check.errors.append(
            ContentError(
                check.path,
                0,
                "invalid-id",
                f"文件名“{stem}”不能作{label}编号：请改用小写英文、数字和连字符，例如 {example}",
            )
        )
    if check.present("id") and str(check.raw["id"]) != stem:
        check.error(
            "id-mismatch", "id", f"{label}编号“{check.raw['id']}”必须与文件名“{stem}”相同：请修改其中一个"
        )
    return stem


def duplicate_errors(items: Sequence, attribute: str, key: str, describe: str) -> list[ContentError]:
    """One error per file whose ``attribute`` another file also has.

    ``describe`` is formatted with ``value`` and ``others`` (the other files' paths).
    """
    owners: dict[object, list] = defaultdict(list)
    for item in items:
        owners[getattr(item, attribute)].append(item)
    errors = []
    for value, group in owners.items():
        for item in group if len(group) > 1 else ():
            others = "、".join(other.path for other in group if other is not item)
            errors.append(ContentError(item.path, 0, key, describe.format(value=value, others=others)))
    return errors
