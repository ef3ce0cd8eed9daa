"""Safe file names and URL paths: the one rule for every name that reaches the server.

A name an editor chose (an image file, a redirect path) ends up in a URL, an
HTML attribute, an nginx configuration and an rsync or S3 upload.  A newline
splits a line of ``urls.txt`` or a log; a ``;`` or ``{`` ends an nginx
directive; a control character aborts an upload half-way; a Unicode format
character (U+200B, U+202E) makes two names look alike.  So names are checked
once, here, by the image intake, the redirect loader and the deploy
verifier alike.

Pure: no Pelican import.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote, unquote

MAX_NAME_BYTES = 255  # one path segment (ext4, S3 clients)
MAX_PATH_BYTES = 1024  # an S3 key
# Characters of a URL path segment that never need percent-encoding and mean nothing to nginx or a shell.
URL_SAFE_ASCII = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~-")


def name_problem(name: str) -> str | None:
    """Why one file or folder name must not be published (Chinese), or ``None`` if it may.

    Spaces, quotes and Chinese are allowed (a URL percent-encodes them); control
    characters, Unicode format characters, ``/`` and ``\\``, names that are not
    UTF-8 and ``.``/``..`` are not.
    """
    if name in ("", ".", ".."):
        return "名称为空或是 . / ..，会指向别的文件夹"
    try:
        encoded = name.encode("utf-8")
    except UnicodeEncodeError:  # os.fsdecode's surrogate escapes: bytes that are not UTF-8
        return "名称不是 UTF-8 编码的文字：请重新命名（只用中文、字母、数字和 -_.）"
    if len(encoded) > MAX_NAME_BYTES:
        return f"名称太长（{len(encoded)} 字节，最多 {MAX_NAME_BYTES}）"
    for char in name:
        if char in "/\\":
            return "名称含有斜杠（/ 或 \\）"
        category = unicodedata.category(char)
        if category in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"):
            return f"名称含有看不见的控制字符（U+{ord(char):04X}，例如换行、零宽字符）：请重新命名"
    return None


def url_path_problem(path: str) -> tuple[str, str] | None:
    """``(key, reason)`` when a decoded site path (``/news/校友/``) is not a safe URL path, else ``None``.

    Allowed: ``/``-separated segments of letters (any script), digits and
    ``.``, ``_``, ``~``, ``-``.  Nothing else reaches a URL, a file name or the
    nginx map: no ``;``, ``$``, quotes, braces, spaces, ``?``, ``#``, ``%``.
    """
    if not path.startswith("/"):
        return "url-path", "应以 / 开头"
    if "//" in path:
        return "path-outside-content", "含有连续的 /，会指向网站以外的位置"
    for segment in path.strip("/").split("/"):
        if segment in (".", ".."):
            return "path-outside-content", "含有 . 或 .. 段，会指向网站以外的位置"
        for char in segment:
            if char in URL_SAFE_ASCII:
                continue
            if ord(char) > 0x7F and unicodedata.category(char)[0] in "LN":
                continue
            shown = "空格" if char == " " else repr(char) if char.isprintable() else f"U+{ord(char):04X}"
            return "url-path", f"含有不能用于网址的字符 {shown}（只能用字母、汉字、数字和 - _ . ~）"
    if len(quote(path).encode("ascii")) > MAX_PATH_BYTES:
        return "url-path", f"太长（编码后超过 {MAX_PATH_BYTES} 字节）"
    return None


def normalise_url_path(value: str) -> tuple[str, tuple[str, str] | None]:
    """``(decoded path, (key, reason) or None)``: an editor's ``/news/%E6%A0%A1/`` or ``/news/校/`` → ``/news/校/``.

    Percent-escapes are decoded once (invalid UTF-8 is a problem), then the
    decoded path must pass :func:`url_path_problem`; so ``%3B`` (``;``) is
    refused like ``;`` itself.  NFC keeps two spellings of one character one URL.
    """
    try:
        decoded = unquote(value, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        return value, ("url-path", "含有无效的百分号编码（不是 UTF-8）")
    decoded = unicodedata.normalize("NFC", decoded)
    return decoded, url_path_problem(decoded)


def encode_url_path(path: str) -> str:
    """The ASCII form of a safe decoded path, for ``Location`` headers and HTML attributes."""
    return quote(path, safe="/")
