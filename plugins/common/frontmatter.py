"""Split a Markdown file into YAML front matter and body.

The ``---`` fenced YAML header is the convention Chinese editors know from
Hexo, Hugo and Jekyll.  Line numbers are kept so that every field error points
at the editor's own line.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ContentError, ContentErrors
from .limits import DEFAULT_LIMITS, Limits, size_errors
from .yamlio import FULL_WIDTH_KEY, LineDict, load_yaml

FENCE = "---"


@dataclass(frozen=True)
class FrontMatter:
    """The parsed header (with line numbers) and the Markdown body after it."""

    meta: LineDict
    body: str
    body_line: int  # 1-based line of the body's first line in the file


def split_front_matter(text: str, path: str, limits: Limits = DEFAULT_LIMITS) -> FrontMatter:
    """Parse ``text``; raise :class:`ContentErrors` if the header is unusable or over ``limits``."""
    if text.startswith("\ufeff"):  # editors on Windows save with a BOM
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        raise ContentErrors(
            [
                ContentError(
                    path,
                    1,
                    "missing-front-matter",
                    "文件第一行必须是三个减号 ---，后面是标题、日期等字段，再以 --- 结束"
                    '（可用 invoke new news "标题" 生成模板）',
                )
            ]
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() == FENCE:
            end = index
            break
    else:
        raise ContentErrors(
            [
                ContentError(
                    path,
                    1,
                    "unclosed-front-matter",
                    "文件开头的字段区没有结束：请在最后一个字段下面加一行 ---",
                )
            ]
        )
    header = "\n".join(lines[1:end])
    too_large = size_errors(
        len(header.encode("utf-8", "surrogatepass")), path, limits.front_matter_bytes, "字段区"
    )
    if too_large:
        raise ContentErrors(too_large)
    meta = load_yaml(header, path, first_line=2, limits=limits) if header.strip() else None
    if meta is None:
        meta = LineDict()
        meta.line, meta.lines = 1, {}
    if not isinstance(meta, LineDict):
        line, message = 2, "字段区应当是“字段名: 值”的形式，每行一个字段"
        for number, text in enumerate(lines[1:end], start=2):  # "title： 标题" alone reads as plain text
            found = FULL_WIDTH_KEY.match(text)
            if found:
                line = number
                message += f"；字段“{found.group(1)}”后面用了中文冒号“：”，请改成英文冒号加一个空格"
                break
        raise ContentErrors([ContentError(path, line, "front-matter-not-mapping", message)])
    return FrontMatter(meta=meta, body="\n".join(lines[end + 1 :]), body_line=end + 2)
