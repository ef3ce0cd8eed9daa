"""YAML loading that remembers where every value came from.

Editors' mistakes must be reported as ``path:line``; plain ``yaml.safe_load``
forgets positions.  The loader here builds :class:`LineDict` / :class:`LineList`
(ordinary dicts and lists that also carry the 1-based line of each key or item),
rejects duplicate keys (PyYAML silently keeps the last one), leaves dates as
strings so that our own date parser can give a precise message, and reads
decimal numbers as exact :class:`~decimal.Decimal` (money must never be a float).

Content is untrusted, so before anything is constructed the event stream is
checked against :class:`~plugins.common.limits.Limits`: aliases and anchors are
refused (an alias "billion laughs" bomb would otherwise expand to gigabytes in
every later walk over the data), and so are too many nodes and too deep
nesting.  libyaml produces events incrementally, so a hostile document is
refused after reading only as much of it as needed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml

from .errors import ContentError, ContentErrors
from .limits import DEFAULT_LIMITS, Limits, size_errors
from .privacy import strip_format_characters

try:  # libyaml's parser is ~10x faster; the constructor stays in Python.
    _BaseLoader: type[yaml.CSafeLoader] | type[yaml.SafeLoader] = yaml.CSafeLoader
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


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]  # a base chosen at import (libyaml or not)
    """Safe loader whose mappings and sequences record line numbers."""

    line_offset = 0

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> Any:  # noqa: D102
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

    def construct_sequence(self, node: yaml.Node, deep: bool = False) -> LineList:  # noqa: D102
        result = LineList(self.construct_object(child, deep=True) for child in node.value)
        result.line = node.start_mark.line + 1 + self.line_offset
        result.lines = [child.start_mark.line + 1 + self.line_offset for child in node.value]
        return result


def _construct_decimal(loader: _LineLoader, node: yaml.ScalarNode) -> Decimal | float:
    """Numbers with a decimal point are read exactly (0.1 stays 0.1, never a binary float)."""
    text = loader.construct_scalar(node).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation:  # .inf, .nan
        return loader.construct_yaml_float(node)


def _construct_map(loader: _LineLoader, node: yaml.MappingNode) -> Any:
    return loader.construct_mapping(node)


def _construct_seq(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    return loader.construct_sequence(node)


_LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_LineLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)
# Keep dates as text: "2024-5-1" or "2024-05-12 9:30" get our own clear message.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _BaseLoader.yaml_implicit_resolvers.items()
}


class _LimitExceeded(Exception):
    def __init__(self, line: int, key: str, message: str):
        self.line, self.key, self.message = line, key, message


def _check_events(text: str, limits: Limits, first_line: int) -> None:
    """Refuse aliases, anchors, too many nodes and too deep nesting, before composing anything."""
    depth = nodes = 0
    for event in yaml.parse(text, Loader=_BaseLoader):
        # The parser marks every event; the stubs allow None for hand-made events.
        line = (event.start_mark.line if event.start_mark else 0) + first_line
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise _LimitExceeded(
                line,
                "yaml-alias",
                "不支持 YAML 的引用写法（& 锚点和 * 别名）：请把内容直接写出来；"
                "若文字以 & 或 * 开头，请用英文引号括起来",
            )
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > limits.yaml_depth:
                raise _LimitExceeded(
                    line,
                    "yaml-too-deep",
                    f"YAML 嵌套太深（超过 {limits.yaml_depth} 层）：请检查缩进和括号是否写错",
                )
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            nodes += 1
            if nodes > limits.yaml_nodes:
                raise _LimitExceeded(
                    line,
                    "file-too-large",
                    f"YAML 内容太多（超过 {limits.yaml_nodes} 项）：请拆分成多个文件",
                )


def load_yaml(text: str, path: str, first_line: int = 1, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Parse ``text`` (which starts at ``first_line`` of ``path``).

    Returns plain Python data where mappings are :class:`LineDict` and
    sequences :class:`LineList`.  Raises :class:`ContentErrors` on bad YAML
    or YAML over ``limits`` (aliases, node count, nesting depth).
    """
    loader = None
    try:
        _check_events(text, limits, first_line)
        loader = _LineLoader(text)
        loader.line_offset = first_line - 1
        return loader.get_single_data()
    except _LimitExceeded as over:
        raise ContentErrors([ContentError(path, over.line, over.key, over.message)]) from None
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
            [
                ContentError(
                    path,
                    bad.line,
                    "yaml-syntax",
                    "字段名必须是一段文字，不能是列表或字段组：请改成“字段名: 值”",
                )
            ]
        ) from None
    except yaml.MarkedYAMLError as exc:
        line, message = explain_syntax_error(text, exc)
        raise ContentErrors(
            [ContentError(path, line + first_line - 1, "yaml-syntax", f"YAML 格式错误：{message}")]
        ) from None
    except yaml.YAMLError as exc:  # e.g. a control character the reader refuses
        raise ContentErrors(
            [ContentError(path, first_line, "yaml-syntax", f"YAML 格式错误：{exc}")]
        ) from None
    finally:
        if loader is not None:
            loader.dispose()


# A key followed by a full-width colon "：" (Chinese input method) before any ASCII ": ".
FULL_WIDTH_KEY = re.compile(r"^\s*(?:-\s+)?([^\s:#：'\"][^:#：'\"]*?)\s*：")
# A key glued to its value: "title:标题" (no space after the colon; URLs excluded).
_NO_SPACE_KEY = re.compile(r"^\s*(?:-\s+)?([A-Za-z_][\w-]*):(?!//)(?=\S)")
_GENERIC_HINT = "冒号后要有空格，含冒号或 # 的文字请用英文引号括起来"


def explain_syntax_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, str]:
    """``(1-based line in text, Chinese message)`` for a YAML error, at the line the editor must fix.

    PyYAML reports where it *noticed* a problem, often the line after the mistake
    ("could not find expected ':'" under a full-width colon), in English.  The
    mistakes editors make most (full-width colon, Tab indentation, an unclosed
    quote, a missing space after the colon, wrong indentation) are recognised
    here from the text itself and named in Chinese.
    """
    lines = text.split("\n")
    problem = exc.problem_mark or exc.context_mark
    noticed = problem.line if problem else 0  # 0-based
    context = exc.context or ""
    if "quoted" in context and exc.context_mark:
        opened = exc.context_mark.line
        quote = (
            lines[opened][exc.context_mark.column] if exc.context_mark.column < len(lines[opened]) else '"'
        )
        return opened + 1, (
            f"这一行的引号 {quote} 没有配对：引号开始的文字要在同一行用同样的英文引号结束；"
            "请补上结尾的引号，或去掉开头的引号"
        )
    if "flow" in context and exc.context_mark:
        return (
            exc.context_mark.line + 1,
            "这一行的方括号 [ 或花括号 { 没有配对：请补上 ] 或 }，" + _GENERIC_HINT,
        )
    upto: Sequence[int] = range(
        min(noticed, len(lines) - 1), -1, -1
    )  # from the noticed line back to the start
    for index in upto:
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip(" \t"))]
        if "\t" in indent:
            return (
                index + 1,
                "这一行用 Tab 键缩进了：YAML 只能用空格缩进（每一级两个空格），请把 Tab 换成空格",
            )
    # The text of a block (summary: |) is no key line: "地点：图书馆" is fine there.
    text_lines = _block_text_lines(lines)
    upto = [index for index in upto if index not in text_lines]
    for index in upto:
        found = FULL_WIDTH_KEY.match(lines[index])
        if found and not lines[index].lstrip().startswith("#"):
            return index + 1, (
                f"字段“{found.group(1)}”后面用了中文冒号“：”：请改成英文冒号加一个空格，例如 {found.group(1)}: 值"
            )
    for index in upto:
        found = _NO_SPACE_KEY.match(lines[index])
        if found and not lines[index].lstrip().startswith("#"):
            return index + 1, f"字段“{found.group(1)}”的冒号后面少了空格：请写成 {found.group(1)}: 值"
    index = min(noticed, len(lines) - 1)
    if exc.problem and ("mapping values" in exc.problem or "expected key" in exc.problem):
        current = lines[index]
        if current.count(": ") > 1 or (current.rstrip().endswith(":") and ": " in current):
            return (
                index + 1,
                '这一行的值里有冒号：含冒号“: ”或 # 的文字请用英文引号括起来，例如 title: "主题: 副题"',
            )
        return index + 1, (
            "这一行的缩进不对：同一级的字段要左对齐，下一级比上一级多两个空格（只用空格）；"
            "上一行的值若要分行写，冒号后请留空"
        )
    return index + 1, "这一行或上一行写法有误：请检查冒号、缩进、括号和引号；" + _GENERIC_HINT


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" \t"))


_BLOCK_START = re.compile(r"^\s*(?:-\s+)?[^#\s][^#]*:\s+[|>][-+0-9]*\s*(?:#.*)?$")


def _block_text_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines that are the text of a ``|`` or ``>`` block, not keys."""
    inside, block_indent = set(), None
    for index, line in enumerate(lines):
        if block_indent is not None and (not line.strip() or _indent(line) > block_indent):
            inside.add(index)
            continue
        block_indent = _indent(line) if _BLOCK_START.match(line) else None
    return inside


def decode_utf8(data: bytes, path: str) -> str:
    """``data`` as text; ``[not-utf8]`` with a hint when it looks like a GBK export (Excel, Notepad)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("gb18030")
            hint = "看起来是 GBK 编码（Excel 或旧版记事本的默认编码）"
        except UnicodeDecodeError:
            hint = "编码无法识别"
        raise ContentErrors(
            [
                ContentError(
                    path,
                    0,
                    "not-utf8",
                    f"文件不是 UTF-8 编码，{hint}：请用 UTF-8 另存"
                    "（记事本：另存为 → 编码选 UTF-8；Excel：另存为 → CSV UTF-8，再转成 YAML）",
                )
            ]
        ) from None
    # Format characters (U+200B, U+2060, U+00AD, the BOM …) are invisible but split
    # numbers for the search index and for patterns: published text never carries them.
    return strip_format_characters(text)


def read_data_file(source_path: str, path: str, limits: Limits = DEFAULT_LIMITS) -> Any:
    """Load a YAML data file: size cap, UTF-8 check, then :func:`load_yaml`.

    The size is checked with ``stat`` before reading, so a huge file costs nothing.
    """
    errors = size_errors(os.path.getsize(source_path), path, limits.data_file_bytes)
    if errors:
        raise ContentErrors(errors)
    with open(source_path, "rb") as handle:
        data = handle.read(limits.data_file_bytes + 1)
    return load_yaml(decode_utf8(data, path), path, limits=limits)
