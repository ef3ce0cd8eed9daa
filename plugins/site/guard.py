"""The first look at every file under ``content/``, before any section reads it.

Each section's loader knows its own fields; this guard knows none of them and
checks what must hold for *every* file an editor can touch, so a new section
or a new field is covered without being listed anywhere:

* no symlinks (``[symlink]``): a link would publish a file from anywhere on disk;
* size caps and YAML limits (``[file-too-large]``, ``[yaml-alias]``,
  ``[yaml-too-deep]``), UTF-8 (``[not-utf8]``), and ``title``/``summary``/other
  text lengths (``[too-long]``), checked before a slug, a pinyin conversion or
  Markdown touches the text, so hostile input costs milliseconds;
* the privacy guard (``[personal-data]``) on every front-matter value, every
  body, every data file and every file name (names become URLs);
* the placeholders ``invoke new`` writes (``[placeholder]``: ``姓名``,
  ``场地名称``, "在这里写正文", the 插图写法 hint, from
  :mod:`plugins.common.placeholders`) and, when the site is published for real,
  addresses on example domains (``[placeholder-contact]``, ``[placeholder-url]``);
* which Markdown files are drafts (``status: draft``): the loader turns their
  problems into warnings, so an unfinished draft never stops a preview.

The resource errors are *blocking*: :func:`plugins.site.loader.load_site` stops
after this pass when one is found, so a file is never parsed twice and one
mistake gives one message.  Pure: no Pelican import.
"""

from __future__ import annotations

import datetime
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from plugins.common.errors import ContentError, ContentErrors
from plugins.common.files import display_path
from plugins.common.limits import Limits, length_errors, size_errors, summary_errors, title_errors
from plugins.common.placeholders import example_addresses, scaffold_texts
from plugins.common.privacy import PrivacyPolicy
from plugins.common.privacyerrors import personal_data_errors, personal_data_in_data
from plugins.common.yamlio import LineDict, LineList, decode_utf8, load_yaml

from .sources import SourceFiles

MARKDOWN_SUFFIXES = (".md",)
DATA_SUFFIXES = (".yml", ".yaml")
# Keys that stop the load: what follows would parse the same file again, or slowly.
BLOCKING_KEYS = frozenset(
    {"symlink", "file-too-large", "yaml-alias", "yaml-too-deep", "not-utf8", "too-long"}
)


# A header line that marks a draft, for files whose header does not parse.
_DRAFT_LINE = re.compile(r"^status:\s*draft\s*(?:#.*)?$", re.MULTILINE)


@dataclass
class GuardResult:
    errors: list[ContentError] = field(default_factory=list)
    drafts: set[str] = field(default_factory=set)  # display paths of files with status: draft

    @property
    def blocking(self) -> bool:
        return any(e.key in BLOCKING_KEYS for e in self.errors)


def content_files(root: str) -> Iterator[tuple[str, bool]]:
    """``(absolute path, is_symlink)`` for every entry below ``root`` worth a look.

    Hidden and ``_``-prefixed names are skipped like the sections skip them;
    symlinked folders are reported, never entered.  In each folder: its
    symlinked folders, then its files, then its folders' contents, each in
    name order (``os.walk``'s order).  ``os.scandir`` tells a symlink from the
    listing itself, without an ``lstat`` per file (5,000 of them at 5,000 articles).
    """
    try:
        with os.scandir(root) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError:  # unreadable or gone: nothing to look at, as os.walk
        return
    folders = []
    files = []
    for entry in entries:
        if entry.name.startswith((".", "_")):
            continue
        try:
            is_folder = entry.is_dir()  # follows a symlink, as os.walk sorts entries
        except OSError:
            is_folder = False
        if not is_folder:
            files.append(entry)
        elif entry.is_symlink():
            yield entry.path, True
        else:
            folders.append(entry.path)
    for entry in files:
        yield entry.path, entry.is_symlink()
    for folder in folders:
        yield from content_files(folder)


def guard_content(
    root: str,
    limits: Limits,
    policy: PrivacyPolicy,
    today: datetime.date | None = None,
    sources: SourceFiles | None = None,
    publish: bool = False,
) -> GuardResult:
    """Every symlink, limit, privacy and placeholder problem in the content folder, and the drafts.

    ``sources`` shares parsed front matter with the sections and remembers each
    file's errors between loads (:mod:`plugins.site.sources`).  ``publish``: the
    site is published for real, so example addresses are placeholders too.
    """
    sources = sources or SourceFiles()
    result = GuardResult()
    if not os.path.isdir(root):
        return result
    for source_path, is_link in content_files(root):
        path = display_path(source_path, root)
        if is_link:
            result.errors.append(
                ContentError(
                    path,
                    0,
                    "symlink",
                    "这是一个符号链接（快捷方式）：网站不读取链接，以免发布仓库以外的文件；请把真实文件复制到这里",
                )
            )
            continue
        errors, draft = guard_file(source_path, path, limits, policy, today, sources, publish)
        result.errors += errors
        if draft:
            result.drafts.add(path)
    return result


def guard_file(
    source_path: str,
    path: str,
    limits: Limits,
    policy: PrivacyPolicy,
    today: datetime.date | None,
    sources: SourceFiles,
    publish: bool,
) -> tuple[list[ContentError], bool]:
    """One regular file's limit, privacy and placeholder errors, and whether it is a draft.

    Also what the preview's early page checks on the one article saved
    (``wfu/early.py``): the same rule for one file as for the whole folder.
    """
    name = os.path.basename(source_path)
    if not name.endswith(MARKDOWN_SUFFIXES + DATA_SUFFIXES):
        return [], False
    max_bytes = limits.markdown_bytes if name.endswith(MARKDOWN_SUFFIXES) else limits.data_file_bytes
    stat_at = time.time_ns()  # before the stat (SourceFiles.note_read)
    status = os.stat(source_path)
    too_large = size_errors(status.st_size, path, max_bytes)
    if too_large:  # refused without reading it
        return _file_errors(name, ContentErrors(too_large), path, limits, policy, today, sources), False
    markdown = name.endswith(MARKDOWN_SUFFIXES) and name != "README.md"
    # A file unchanged since a load that read it: its errors by the digest then, without reading it.
    known = sources.known_guard(source_path, path, status, publish if markdown else None)
    if known is not None:
        return known
    with open(source_path, "rb") as handle:
        data = handle.read(max_bytes + 1)
    sources.note_read(source_path, status, data, stat_at)  # the news verdict's key: these bytes, read once
    compute = partial(_file_errors, name, data, path, limits, policy, today, sources)
    errors = list(sources.guard_errors(path, data, compute))
    if markdown:
        found, draft = sources.placeholders(
            path, data, publish, partial(_placeholder_errors, data, path, limits, sources, publish)
        )
        return errors + list(found), bool(draft)
    return errors, False


def _header(text: str) -> str:
    """The lines between the opening ``---`` and the closing one (or the end), "" without a header."""
    lines = text.lstrip("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return ""
    header = []
    for line in lines[1:]:
        if line.rstrip() == "---":
            break
        header.append(line)
    return "\n".join(header)


def _placeholder_errors(
    data: bytes, path: str, limits: Limits, sources: SourceFiles, publish: bool
) -> tuple[list[ContentError], bool]:
    """Scaffold texts left in the file (and example addresses when publishing), and whether it is a draft.

    Cached apart from the other guard errors (:meth:`SourceFiles.placeholders`): they depend on ``publish``.
    """
    try:
        text = decode_utf8(data, path)
        front = sources.front_matter(text, path, limits)
    except ContentErrors:  # reported by the guard or the section; a draft is still a draft
        header = _header(data[: limits.front_matter_bytes + 8].decode("utf-8", "replace"))
        return [], bool(_DRAFT_LINE.search(header))
    draft = front.meta.get("status") == "draft"
    errors = []
    for found in scaffold_texts(front.meta, front.body, front.body_line):
        errors.append(
            ContentError(
                path,
                found.line,
                "placeholder",
                f"{found.field} 仍是模板里的占位文字“{found.text}”：请改成{found.hint}",
                found.field,
            )
        )
    if publish:
        for found in example_addresses(front.meta, front.body, front.body_line):
            email = "@" in found.text and "://" not in found.text
            errors.append(
                ContentError(
                    path,
                    found.line,
                    "placeholder-contact" if email else "placeholder-url",
                    f"{found.field} 的{'邮箱' if email else '网址'}“{found.text}”是示例地址（example.…）："
                    f"正式发布前请改成{found.hint}",
                    found.field,
                )
            )
    return errors, draft


def _file_errors(
    name: str,
    data: bytes | ContentErrors,
    path: str,
    limits: Limits,
    policy: PrivacyPolicy,
    today: datetime.date | None,
    sources: SourceFiles,
) -> list[ContentError]:
    """The errors of one Markdown or YAML file (``data`` is the size error of a file over its cap)."""
    stem = os.path.splitext(name)[0]
    errors = personal_data_errors(stem, path, 0, "文件名", policy, today)
    try:
        if name.endswith(MARKDOWN_SUFFIXES) and name != "README.md":
            errors += _markdown_errors(_text(data, path), path, limits, policy, today, sources)
        elif name.endswith(DATA_SUFFIXES):
            errors += _data_errors(_text(data, path), path, limits, policy, today)
    except ContentErrors as exc:
        # Other parse errors (a missing front matter, bad YAML) are the section's to report.
        errors += [e for e in exc.errors if e.key in BLOCKING_KEYS]
    return errors


def _text(data: bytes | ContentErrors, path: str) -> str:
    if isinstance(data, ContentErrors):
        raise data
    return decode_utf8(data, path)


def _markdown_errors(
    text: str,
    path: str,
    limits: Limits,
    policy: PrivacyPolicy,
    today: datetime.date | None,
    sources: SourceFiles,
) -> list[ContentError]:
    front = sources.front_matter(text, path, limits)
    meta = front.meta
    errors: list[ContentError] = []
    for key, value in meta.items():
        if not isinstance(value, str):
            continue
        line = meta.line_of(key)
        if key == "title":
            errors += title_errors(value, path, line, limits)
        elif key == "summary":
            errors += summary_errors(value, path, line, limits)
    errors += _text_lengths(meta, path, limits, skip=("title", "summary"))
    if any(e.key == "too-long" for e in errors):
        return errors  # a 5 MB value is not worth scanning
    errors += personal_data_in_data(meta, path, policy, today)
    errors += personal_data_errors(front.body, path, front.body_line, "正文", policy, today)
    return errors


def _data_errors(
    text: str, path: str, limits: Limits, policy: PrivacyPolicy, today: datetime.date | None
) -> list[ContentError]:
    data = load_yaml(text, path, limits=limits)
    errors = _text_lengths(data, path, limits)
    if errors:
        return errors
    return personal_data_in_data(data, path, policy, today)


def _text_lengths(data: Any, path: str, limits: Limits, skip: tuple[str, ...] = ()) -> list[ContentError]:
    """``[too-long]`` for any text value over ``LIMITS['text_field_chars']``."""
    errors = []
    stack = [(data, "", getattr(data, "line", 1))]
    while stack:
        value, name, line = stack.pop()
        if isinstance(value, LineDict | dict):
            lines = getattr(value, "line_of", None)
            for key, item in value.items():
                if not name and key in skip:
                    continue
                stack.append((item, f"{name}.{key}" if name else str(key), lines(key) if lines else line))
        elif isinstance(value, LineList | list):
            lines = getattr(value, "line_of", None)
            for index, item in enumerate(value):
                stack.append((item, f"{name}[{index + 1}]", lines(index) if lines else line))
        elif isinstance(value, str):
            errors += length_errors(value, path, line, name or "字段", limits.text_field_chars)
    return errors
