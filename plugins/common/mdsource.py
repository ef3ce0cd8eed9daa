"""Walk a Markdown body line by line, as the editor wrote it.

Source-level checks (images, links) need the editor's line numbers, which the
rendered HTML no longer has; code is skipped because it shows syntax rather
than using it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_FENCE = re.compile(r"^\s*(```|~~~)")
_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")


def prose_lines(body: str, first_line: int = 1) -> Iterator[tuple[int, str]]:
    """``(line number, text)`` for lines outside fenced code, inline code removed."""
    in_fence = False
    for offset, text in enumerate(body.split("\n")):
        if _FENCE.match(text):
            in_fence = not in_fence
            continue
        if not in_fence:
            yield first_line + offset, _CODE_SPAN.sub("", text)
