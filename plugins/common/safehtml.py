"""Our own generated HTML, marked safe for the autoescaping templates.

Every template autoescapes (content is untrusted), so a value reaches a page
as markup only if Python says so.  Only HTML this project built itself is
marked: sanitised bodies, SVG maps and charts (their texts escaped where they
are built), QR codes, and JSON-LD made by :func:`script_json`.
"""

from __future__ import annotations

import json
from typing import Any

from markupsafe import Markup

_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def trusted(html: str) -> Markup:
    """``html`` that this project generated (never an editor's raw text)."""
    return Markup(html)


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON with ``<``, ``>`` and ``&`` escaped: harmless even if a browser sniffs it as HTML."""
    return json.dumps(data, ensure_ascii=False, indent=indent).translate(_SCRIPT_ESCAPES)


def script_json(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/ld+json">``.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` … so a title such as
    ``</script><script>…`` cannot close the element; JSON parsers read the
    same strings.
    """
    return Markup(json_text(data))
