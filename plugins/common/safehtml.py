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


def trusted(html: str) -> Markup:
    """``html`` that this project generated (never an editor's raw text)."""
    return Markup(html)


def json_text(data: Any, indent: int | None = None) -> str:
    """JSON with ``<``, ``>`` and ``&`` escaped: harmless even if a browser sniffs it as HTML.

    Three ``str.replace`` calls (no escape contains the characters replaced after it),
    not ``str.translate``, which looks up every character of a Chinese text in a dict:
    the API and the WeChat export write megabytes of it in every build.
    """
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def script_json(data: Any) -> Markup:
    """JSON safe inside ``<script type="application/ld+json">``.

    ``<``, ``>`` and ``&`` are written as ``\\u003c`` … so a title such as
    ``</script><script>…`` cannot close the element; JSON parsers read the
    same strings.
    """
    return Markup(json_text(data))
