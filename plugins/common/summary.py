"""Plain-text summaries of rendered Markdown, cut by characters."""

from __future__ import annotations

import html
import re

_FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
_TAG = re.compile(r"<[^>]+>")


def auto_summary(content_html: str, length: int) -> str:
    """Plain-text summary: the first paragraph, cut at ``length`` characters.

    Pelican counts words, which does not work for Chinese (a whole paragraph
    is one "word"), so the summary is cut by characters instead.
    """
    for match in _FIRST_PARAGRAPH.finditer(content_html):
        text = html.unescape(_TAG.sub("", match[1])).strip()
        if text:
            text = " ".join(text.split())
            return text if len(text) <= length else text[:length].rstrip("，、；：,;: ") + "…"
    return ""
