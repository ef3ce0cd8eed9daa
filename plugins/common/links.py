"""Internal links in Markdown bodies: ``{filename}`` and ``{static}`` targets.

Pelican only warns about a broken ``{filename}`` link while writing; checking
the source first lets the editor see the exact line, with every other error.
"""

from __future__ import annotations

import os
import re

from .errors import ContentError
from .images import IMAGES_FOLDER, inside, outside_error, resolve_content_path
from .mdsource import prose_lines

_LINK = re.compile(
    r"(?<!!)\[[^\]]*\]\(\s*(?:<(?P<angled>\{(?:filename|static|attach)\}[^>\n]+)>"
    r"|(?P<target>\{(?:filename|static|attach)\}[^)\s>]+))"
)


def internal_links(body: str, first_line: int = 1) -> list[tuple[int, str]]:
    """``(line, target)`` of every ``{filename}``/``{static}`` link in ``body``."""
    if "{" not in body or ("{filename}" not in body and "{static}" not in body and "{attach}" not in body):
        return []  # most bodies: no line can match, skip the line walk (three calls per article)
    return [
        (line, m["angled"] or m["target"])
        for line, text in prose_lines(body, first_line)
        for m in _LINK.finditer(text)
    ]


def check_internal_links(
    body: str, first_line: int, path: str, source_path: str, content_root: str
) -> list[ContentError]:
    """An error for every ``{filename}``/``{static}`` link whose file is missing."""
    errors = []
    for line, target in internal_links(body, first_line):
        resolved = resolve_content_path(target, source_path, content_root)
        folder = (
            content_root if target.startswith("{filename}") else os.path.join(content_root, IMAGES_FOLDER)
        )
        if os.path.exists(resolved) and not inside(resolved, folder):
            errors.append(outside_error(target, line, path, folder, content_root))
            continue
        if not os.path.isfile(resolved):
            errors.append(
                ContentError(
                    path,
                    line,
                    "broken-link",
                    f"链接 {target} 指向的文件不存在：请检查路径。链接其他文章写成 "
                    "[文字]({filename}/news/2024/文件名.md)",
                )
            )
    return errors
