"""会长致辞 and 大事记: parse and validate (pure: no Pelican import).

The message is one Markdown file with front matter (who, role, date, photo);
the timeline is a YAML list, one entry per event.  Every problem is a
:class:`ContentError` at its file and line, all reported at once.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.fields import FieldChecker
from plugins.common.files import display_path, read_text
from plugins.common.frontmatter import split_front_matter
from plugins.common.images import ImageSizes
from plugins.common.yamlio import LineDict, LineList, load_yaml

MESSAGE_FIELDS = ("title", "name", "role", "date", "photo", "photo_alt", "status")
MILESTONE_FIELDS = ("date", "title", "text")
_WHEN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True)
class Account:
    """An official account's QR code in the footer (公众号, 视频号, 微博)."""

    name: str
    image: str  # under the content folder
    alt: str


@dataclass(frozen=True)
class AboutConfig:
    message_file: str
    milestones_file: str
    photo_widths: tuple[int, ...]
    accounts: tuple[Account, ...] = ()


@dataclass(frozen=True)
class Message:
    """会长致辞."""

    title: str
    name: str
    role: str
    date: date | None
    photo: str | None
    photo_alt: str | None
    photo_line: int
    status: str
    body: str
    body_line: int
    path: str
    source_path: str


@dataclass(frozen=True)
class Milestone:
    """One event of 大事记: a year, a month or a day, as precise as the editor knows it."""

    year: int
    month: int | None
    day: int | None
    title: str
    text: str
    line: int

    @property
    def when(self) -> str:
        text = f"{self.year}年"
        if self.month:
            text += f"{self.month}月"
            if self.day:
                text += f"{self.day}日"
        return text

    @property
    def iso(self) -> str:
        parts = [f"{self.year:04d}"] + [f"{n:02d}" for n in (self.month, self.day) if n]
        return "-".join(parts)


def parse_message(
    text: str, path: str, source_path: str, content_root: str, sizes: ImageSizes | None = None
) -> Message:
    front = split_front_matter(text, path)
    check = FieldChecker(front.meta, path, MESSAGE_FIELDS)
    check.required("name", "缺少致辞人姓名：请写 name: 姓名")
    check.required("role", "缺少职务：请写 role: 潍坊学院校友会会长")
    title = check.text("title") or "会长致辞"
    name, role = check.text("name"), check.text("role")
    when = check.date("date") if check.present("date") else None
    photo = check.image("photo", source_path, content_root, sizes, published_as_is=False)
    photo_alt = check.text("photo_alt")
    if photo and not photo_alt:
        check.error("missing-photo-alt", "photo", "有照片时要写照片说明：photo_alt: 会长照片")
    status = check.status()
    if not front.body.strip():
        check.error("missing-body", "title", "致辞正文是空的：请在第二个 --- 下面写致辞内容")
    check.body(front.body, front.body_line, source_path, content_root, sizes)
    if check.errors:
        raise ContentErrors(check.errors)
    return Message(
        title=title, name=name or "", role=role or "", date=when.date() if when else None,
        photo=photo, photo_alt=photo_alt, photo_line=check.line("photo"), status=status,
        body=front.body, body_line=front.body_line, path=path, source_path=source_path,
    )  # fmt: skip


def _when(value: object) -> tuple[int, int | None, int | None] | None:
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.year, value.month, value.day
    if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 2999:
        return value, None, None
    match = _WHEN.match(str(value).strip())
    if not match or not 1000 <= int(match[1]) <= 2999:
        return None
    year, month, day = int(match[1]), match[2] and int(match[2]), match[3] and int(match[3])
    try:
        date(year, month or 1, day or 1)  # a real month and day
    except ValueError:
        return None
    return year, month or None, day or None


def parse_milestones(text: str, path: str) -> tuple[list[Milestone], list[ContentError]]:
    """The timeline, oldest first; every bad entry is an error at its line."""
    records = load_yaml(text, path)
    if records is None:
        return [], []
    if not isinstance(records, LineList):
        raise ContentErrors(
            [ContentError(path, 1, "invalid-milestones", "大事记应为列表：每条以 - date: 开头")]
        )
    found, errors = [], []
    for index, record in enumerate(records):
        line = records.line_of(index)
        if not isinstance(record, LineDict):
            errors.append(ContentError(path, line, "invalid-milestones", "每条大事记要写 date 和 title"))
            continue
        check = FieldChecker(record, path, MILESTONE_FIELDS, missing_line=line)
        check.required("date", "缺少日期：写 date: 1951、date: 1951-09 或 date: 1951-09-01")
        check.required("title", "缺少标题：写 title: 发生了什么")
        when = _when(record.get("date")) if check.present("date") else None
        if check.present("date") and when is None:
            check.error(
                "invalid-date", "date", f"日期“{record.get('date')}”看不懂：写 1951、1951-09 或 1951-09-01"
            )
        title, body = check.text("title"), check.text("text") or ""
        errors += check.errors
        if when and title and not check.errors:
            found.append(Milestone(*when, title=title, text=body, line=line))
    found.sort(key=lambda m: (m.year, m.month or 0, m.day or 0, m.line))
    return found, errors


def load_about(
    content_root: str, config: AboutConfig, sizes: ImageSizes | None = None
) -> tuple[Message | None, list[Milestone], list[ContentError]]:
    """(message or None, milestones, errors): a missing file means no page, not an error."""
    errors: list[ContentError] = []
    message: Message | None = None
    source = os.path.join(content_root, config.message_file)
    if os.path.isfile(source):
        path = display_path(source, content_root)
        try:
            message = parse_message(read_text(source, path), path, source, content_root, sizes)
        except ContentErrors as exc:
            errors += exc.errors
    milestones: list[Milestone] = []
    source = os.path.join(content_root, config.milestones_file)
    if os.path.isfile(source):
        path = display_path(source, content_root)
        try:
            milestones, found = parse_milestones(read_text(source, path), path)
            errors += found
        except ContentErrors as exc:
            errors += exc.errors
    return message, milestones, errors
