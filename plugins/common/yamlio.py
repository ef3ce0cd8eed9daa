"""YAML loading that remembers where every value came from.

Editors' mistakes must be reported as ``path:line``; plain ``yaml.safe_load``
forgets positions.  The loader here builds :class:`LineDict` / :class:`LineList`
(ordinary dicts and lists that also carry the 1-based line of each key or item),
rejects duplicate keys (PyYAML silently keeps the last one), leaves dates as
strings so that our own date parser can give a precise message, and reads
decimal numbers as exact :class:`~decimal.Decimal` (money must never be a float).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from .errors import ContentError, ContentErrors

try:  # libyaml's parser is ~10x faster; the constructor stays in Python.
    _BaseLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml missing
    _BaseLoader = yaml.SafeLoader


class LineDict(dict):
    """A mapping plus ``line`` (where it starts) and ``lines`` (key -> line)."""

    line: int = 0
    lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.lines.get(key, self.line)


class LineList(list):
    """A sequence plus ``line`` (where it starts) and ``lines`` (index -> line)."""

    line: int = 0
    lines: list[int]

    def line_of(self, index: int) -> int:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


class _DuplicateKey(Exception):
    def __init__(self, key: Any, line: int):
        self.key, self.line = key, line


class _UnhashableKey(Exception):
    def __init__(self, line: int):
        self.line = line


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Safe loader whose mappings and sequences record line numbers."""

    line_offset = 0

    def construct_mapping(self, node, deep=False):  # noqa: D102
        if not isinstance(node, yaml.MappingNode):
            return super().construct_mapping(node, deep=deep)
        self.flatten_mapping(node)
        result = LineDict()
        result.line = node.start_mark.line + 1 + self.line_offset
        result.lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1 + self.line_offset
            try:
                hash(key)
            except TypeError:
                raise _UnhashableKey(line) from None
            if key in result.lines:
                raise _DuplicateKey(key, line)
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = line
        return result

    def construct_sequence(self, node, deep=False):  # noqa: D102
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1 + self.line_offset
        result.lines = [child.start_mark.line + 1 + self.line_offset for child in node.value]
        return result


def _construct_decimal(loader, node):
    """Numbers with a decimal point are read exactly (0.1 stays 0.1, never a binary float)."""
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # .inf, .nan
        return loader.construct_yaml_float(node)


def _construct_map(loader, node):
    return loader.construct_mapping(node)


def _construct_seq(loader, node):
    return loader.construct_sequence(node)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_LineLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
# Keep dates as text: "2024-5-1" or "2024-05-12 9:30" get our own clear message.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


def load_yaml(text: str, path: str, first_line: int = 1) -> Any:
    """Parse ``text`` (which starts at ``first_line`` of ``path``).

    Returns plain Python data where mappings are :class:`LineDict` and
    sequences :class:`LineList`.  Raises :class:`ContentErrors` on bad YAML.
    """
    loader = _LineLoader(text)
    loader.line_offset = first_line - 1
    try:
        return loader.get_single_data()
    except _DuplicateKey as dup:
        raise ContentErrors(
            [
                ContentError(
                    path,
                    dup.line,
                    "duplicate-key",
                    f"字段“{dup.key}”写了两次，请删除多余的一行",
                )
            ]
        ) from None
    except _UnhashableKey as bad:
        raise ContentErrors(
            [ContentError(path, bad.line, "yaml-syntax", "字段名必须是一段文字，不能是列表或字段组：请改成“字段名: 值”")]
        ) from None
    except yaml.MarkedYAMLError as exc:
        # For an unclosed "[", "{" or quote the context mark is where the editor
        # opened it; for anything else (a block mapping) it is the start of the
        # header, so the problem mark is the useful line.
        opened = exc.context and ("flow" in exc.context or "quoted" in exc.context)
        mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
        line = (mark.line + first_line) if mark else first_line
        problem = exc.problem or exc.context or "无法解析"
        raise ContentErrors(
            [
                ContentError(
                    path,
                    line,
                    "yaml-syntax",
                    f"YAML 格式错误（{problem}）：请检查这一行及下一行的冒号、缩进、括号和引号；"
                    "冒号后要有空格，含冒号或 # 的文字请用英文引号括起来",
                )
            ]
        ) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise ContentErrors(
            [ContentError(path, first_line, "yaml-syntax", f"YAML 格式错误：{exc}")]
        ) from None
    finally:
        loader.dispose()
