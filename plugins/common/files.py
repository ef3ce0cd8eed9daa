"""Finding and reading editors' files."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache
from typing import TypeVar

from .errors import ContentError, ContentErrors
from .limits import size_errors
from .privacy import strip_format_characters

T = TypeVar("T")


def markdown_files(folder: str) -> Iterator[str]:
    """Every ``.md`` file below ``folder`` (hidden files and folders, README.md skipped), sorted."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith((".", "_"))]
        found += [
            os.path.join(root, name)
            for name in files
            if name.endswith(".md") and not name.startswith((".", "_")) and name != "README.md"
        ]
    yield from sorted(found)


def yaml_files(folder: str) -> Iterator[str]:
    """Every ``.yml``/``.yaml`` file directly in ``folder`` (hidden ones skipped), sorted; none if no folder."""
    if not os.path.isdir(folder):
        return
    for name in sorted(os.listdir(folder)):
        if name.endswith((".yml", ".yaml")) and not name.startswith((".", "_")):
            yield os.path.join(folder, name)


def parse_section_files(
    content_root: str,
    folder: str,
    parse: Callable[[str, str, str], T],
    files: Callable[[str], Iterable[str]] = markdown_files,
) -> tuple[list[T], list[ContentError]]:
    """``parse(text, path, source_path)`` of every file of a section folder, and every error.

    ``files`` lists the folder (Markdown files by default, :func:`yaml_files` for
    one YAML file per item).  One file's mistakes never hide another's: a file
    that raises :class:`ContentErrors` adds its errors and the loop goes on.
    """
    found: list[T] = []
    errors: list[ContentError] = []
    for source_path in files(os.path.join(content_root, folder)):
        path = display_path(source_path, content_root)
        try:
            found.append(parse(read_text(source_path, path), path, source_path))
        except ContentErrors as exc:
            errors.extend(exc.errors)
    return found, errors


def field_line(source_path: str, name: str) -> int:
    """The line of a top-level front-matter field (the models keep values, not every line)."""
    try:
        with open(source_path, encoding="utf-8", errors="replace") as handle:
            for number, text in enumerate(handle, start=1):
                if text.startswith(f"{name}:"):
                    return number
    except OSError:  # removed since it was loaded (a save during the preview): the whole file
        return 0
    return 0


def display_path(source_path: str, content_root: str) -> str:
    """``content/news/2024/x.md``: the path as an editor sees it in the repository."""
    # An absolute root's parent, once (a load asks 15,000 times); a relative one follows the cwd.
    parent, prefix = (
        _parent(content_root) if os.path.isabs(content_root) else _parent.__wrapped__(content_root)
    )
    # The common case without relpath's two abspath calls (a loader makes thousands of these).
    if source_path.startswith(prefix) and os.path.normpath(source_path) == source_path:
        return source_path[len(prefix) :]
    return os.path.relpath(source_path, parent)


@lru_cache(maxsize=16)
def _parent(content_root: str) -> tuple[str, str]:
    """The folder holding ``content_root``, and it with a trailing separator."""
    parent = os.path.dirname(os.path.abspath(content_root))
    return parent, parent if parent.endswith(os.sep) else parent + os.sep


def content_relative(source_path: str, content_root: str) -> str:
    """``news/2024/x.md``: ``source_path`` relative to the content folder (``os.path.relpath``'s answer).

    Without relpath's two ``abspath`` calls in the common case, absolute and
    normalised paths with ``source_path`` below ``content_root`` (the loader
    makes one per page: 5,000 and more).
    """
    root = content_root.rstrip(os.sep)
    if (
        root
        and os.path.isabs(root)
        and os.path.normpath(root) == root
        and source_path.startswith(root + os.sep)
        and os.path.normpath(source_path) == source_path
    ):
        return source_path[len(root) + 1 :]
    return os.path.relpath(source_path, content_root)


def read_text(source_path: str, path: str, max_bytes: int | None = None) -> str:
    """The file as UTF-8 text; :class:`ContentErrors` if it is not UTF-8 (or over ``max_bytes``).

    The size is checked with ``stat`` first, so a huge file is refused without reading it.
    """
    if max_bytes is not None:
        too_large = size_errors(os.path.getsize(source_path), path, max_bytes)
        if too_large:
            raise ContentErrors(too_large)
    with open(source_path, "rb") as handle:
        return decode_text(handle.read(), path)


def decode_text(data: bytes, path: str) -> str:
    """The bytes of the file ``path`` as :func:`read_text` gives its text.

    UTF-8 with universal newlines (a file opened in text mode: the same decoder), without
    invisible format characters (U+200B, U+00AD …), which never reach published text.
    For a caller that must know which bytes the text is (a verdict keyed by their digest).
    """
    try:
        return strip_format_characters(io.TextIOWrapper(io.BytesIO(data), encoding="utf-8").read())
    except UnicodeDecodeError:
        raise ContentErrors(
            [
                ContentError(
                    path,
                    0,
                    "not-utf8",
                    "文件不是 UTF-8 编码：请用 UTF-8 另存（记事本：另存为 → 编码选 UTF-8）",
                )
            ]
        ) from None
