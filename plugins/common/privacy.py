"""The privacy guard: personal data must never reach the published site.

Content arrives by copy-paste from Word, WeChat and phones, and a resident ID
number, a mobile number or a home address that is published once lives on in
search engines, feeds and WeChat forwards.  This module finds such data in any
text (a field, a Markdown body, a built HTML page) so that the build can refuse
it *before* anything is written, and scan the built output once more so that
nothing generated slips through.

It is pure (no Pelican import).  A :class:`Finding` carries only the kind and
the position: messages name the kind, never the value, because build logs and
CI output are less protected than the content itself.

Kinds (Chinese labels, used in messages and the editor guide):

* 身份证号: 18-digit resident ID with a valid ISO 7064 MOD 11-2 check digit and a
  plausible birth date; 15-digit pre-1999 IDs with a plausible date.
* 手机号: mainland mobile numbers in every common spelling (spaces, dashes,
  ``+86``/``0086`` prefixes, full-width digits).
* 个人邮箱: any address whose domain is not allowlisted in ``PRIVACY``.
* 银行卡号: 13–19 digits (spaces or dashes allowed) with a card-network prefix
  and a valid Luhn checksum.
* 家庭住址: home-address patterns such as ``3号楼2单元301室``, ``5栋1202室`` or
  ``门牌号…``; street addresses of offices (``东风东街5147号``) pass.
"""

from __future__ import annotations

import bisect
import datetime
import hashlib
import html
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from .cache import cache_key, code_hash, read_verified, write_verified
from .errors import ContentError
from .settings import SettingsError, merge_settings

ID_NUMBER = "身份证号"
MOBILE = "手机号"
PERSONAL_EMAIL = "个人邮箱"
BANK_CARD = "银行卡号"
HOME_ADDRESS = "家庭住址"
KINDS = (ID_NUMBER, MOBILE, PERSONAL_EMAIL, BANK_CARD, HOME_ADDRESS)

# Declared once: the ``PRIVACY`` setting is merged over these.
PRIVACY_DEFAULTS: dict[str, Any] = {
    # Institutional mail domains (subdomains included).  The example.* domains
    # are reserved for documentation (RFC 2606) and used by the sample content.
    "allowed_email_domains": ("wfu.edu.cn", "example.edu.cn", "example.com", "example.org"),
    # Exact public texts that look personal but are not, e.g. an office's
    # extension-less duty mobile or an office room address.  Compared after
    # full-width characters are folded, so "０５３６" equals "0536".
    "allowed_values": (),
}

# Built files a reader or a crawler can fetch as text.
OUTPUT_TEXT_EXTENSIONS = (".html", ".htm", ".xml", ".json", ".txt", ".ics", ".atom", ".rss", ".webmanifest")


@dataclass(frozen=True, order=True)
class Finding:
    """One suspected piece of personal data: its kind and where it is (never the value)."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class PrivacyPolicy:
    """What counts as public: allowlisted mail domains and exact public values."""

    allowed_email_domains: frozenset[str] = frozenset(PRIVACY_DEFAULTS["allowed_email_domains"])
    allowed_values: tuple[str, ...] = ()

    def allows_domain(self, domain: str) -> bool:
        domain = domain.lower().rstrip(".")
        return any(domain == d or domain.endswith("." + d) for d in self.allowed_email_domains)


_DOMAIN = re.compile(r"^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def policy_from_settings(value: Mapping[str, Any] | None) -> PrivacyPolicy:
    """The policy for the ``PRIVACY`` setting; :class:`SettingsError` names any bad key."""
    merged = merge_settings("PRIVACY", PRIVACY_DEFAULTS, value)
    domains = merged["allowed_email_domains"]
    if isinstance(domains, str) or not isinstance(domains, Iterable):
        raise SettingsError("PRIVACY", "'allowed_email_domains' 应为邮箱域名的列表，例如 ('wfu.edu.cn',)")
    cleaned = set()
    for domain in domains:
        if not isinstance(domain, str) or not _DOMAIN.match(domain.strip().lower()):
            raise SettingsError(
                "PRIVACY", f"'allowed_email_domains' 中的 {domain!r} 不是邮箱域名（例如 'wfu.edu.cn'）"
            )
        cleaned.add(domain.strip().lower())
    values = merged["allowed_values"]
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise SettingsError("PRIVACY", "'allowed_values' 应为文字的列表，例如 ('0536-8785000',)")
    public = []
    for item in values:
        if not isinstance(item, str) or not item.strip():
            raise SettingsError("PRIVACY", f"'allowed_values' 中的 {item!r} 应为非空文字")
        public.append(fold(item.strip()))
    return PrivacyPolicy(frozenset(cleaned), tuple(public))


# ---- Normalisation -------------------------------------------------------------

# Full-width ASCII (０-９, Ａ-Ｚ, ＋, －, ＠ …) and the ideographic space map one
# character to one character, so positions in the folded text are positions in
# the original.  (NFKC would also fold these but may change the length.)
_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_FOLD.update(
    {0x3000: 0x20, 0x2010: 0x2D, 0x2011: 0x2D, 0x2012: 0x2D, 0x2013: 0x2D, 0x2014: 0x2D, 0x2212: 0x2D}
)
_FOLD.update({0xA0: 0x20, 0x2002: 0x20, 0x2003: 0x20, 0x2009: 0x20, 0x202F: 0x20})


# ``str.translate`` looks every character up in the table; Chinese text has few
# foldable characters, so translating only the runs of them is several times faster.
_FOLDABLE = re.compile("[" + "".join(re.escape(chr(code)) for code in sorted(_FOLD)) + "]+")


def _fold_run(match: re.Match[str]) -> str:
    return match[0].translate(_FOLD)


def fold(text: str) -> str:
    """Full-width digits, letters, signs and spaces as ASCII; same length as ``text``."""
    return _FOLDABLE.sub(_fold_run, text)


# ---- Detectors ----------------------------------------------------------------

_ID18 = re.compile(
    r"(?<![0-9A-Za-z])([1-9]\d{5})[ -]?((?:18|19|20)\d{2})[ -]?(\d{2})(\d{2})[ -]?(\d{3}[0-9Xx])(?![0-9A-Za-z])"
)
_ID15 = re.compile(r"(?<![0-9A-Za-z])([1-9]\d{5})(\d{2})(\d{2})(\d{2})(\d{3})(?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_SEP = r"[ \-.]?"
_MOBILE = re.compile(
    r"(?<![0-9A-Za-z+])"
    r"(?:(?:\+|00)\s?86[ \-]?|\(\+?86\)\s?|86[ \-])?"
    rf"1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}"
    r"(?![0-9])"
)
_CARD = re.compile(r"(?<![0-9A-Za-z/_=.\-])(?:\d[ \-]?){12,18}\d(?![0-9A-Za-z/_\-])")
# UnionPay (62, 81), Discover/BOC (60, 65), Visa, Mastercard, Amex, JCB, Diners, ICBC's old 9558 cards.
_CARD_PREFIX = re.compile(r"^(?:62|60|65|81|4|5[1-5]|2[2-7]|3[47]|35|30|36|38|9558)")
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9._%+\-]+@((?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,63})\b"
)
# "logo@2x.png" is a retina image name, not a mailbox.
_FILE_SUFFIXES = frozenset(
    {"png", "jpg", "jpeg", "webp", "gif", "svg", "avif", "css", "js", "html", "pdf", "ico"}
)

_N = r"[0-9一二三四五六七八九十百零〇两]"
_HOME = re.compile(
    "|".join(
        [
            # 3号楼2单元301室, 5栋1202室, 12幢3单元502, 7座1801号房, 3号楼301户
            rf"(?<!{_N}){_N}+\s*(?:号楼|栋|幢|座|号院)\s*(?:{_N}+\s*(?:单元|门)\s*)?{_N}+\s*(?:室|户|号房)",
            rf"(?<!{_N}){_N}+\s*(?:号楼|栋|幢)\s*{_N}+\s*单元(?:\s*{_N}+)?",
            # 2单元301室, 3单元502号
            rf"(?<!{_N}){_N}+\s*单元\s*{_N}+\s*(?:室|户|号)",
            # 3-2-301室 (building-unit-room)
            r"(?<!\d)\d{1,3}-\d{1,2}-\d{3,4}\s*(?:室|户|号)",
            # 门牌号：xx, 门牌 12
            r"门牌(?:号码|号)?\s*[:：为是]?\s*[0-9A-Za-z一-龥\-]{1,20}",
            # 家庭住址：…, 住址：… (the label with a colon; "家住寿光" alone is not an address)
            r"(?:家庭住址|家庭地址|住址)\s*[:：]\s*[一-龥0-9A-Za-z\-]{2,40}",
        ]
    )
)


# ---- Prefilters: necessary conditions, checked once per text ------------------------
#
# Most texts (a title, a URL, a page without a number) cannot hold any finding;
# a cheap search proves it and skips the detector.  Each hint must be IMPLIED by
# every finding of its detector (never the other way round), so skipping can
# never hide personal data.  All are searched in the folded text, with the same
# ``\d`` (any Unicode digit) as the detectors.
#
# Digits (IDs, mobiles, cards): three digits, at most one of " -." and three more.
# * _ID18 and _ID15 start with ``[1-9]\d{5}``: six digits in a row.
# * _MOBILE contains ``1[3-9]\d`` + ``[ \-.]?`` + ``\d{4}``.
# * _cards keeps only 13–19 digits that are either one run (≥ 13 digits in a row)
#   or groups of ≥ 3 digits joined by one ``[ \-]`` (the regex allows at most one
#   separator between digits): the first group's last three digits, the
#   separator and the second group's first three digits.
_DIGITS_HINT = re.compile(r"\d{3}[ \-.]?\d{3}")
# Emails: _EMAIL contains a literal "@" (a full-width "＠" is folded to it).
_EMAIL_HINT = "@"
# Homes, alternative by alternative of _HOME:
# * 1–3 contain a numeral, optional spaces and 号楼|栋|幢|座|号院|单元 (the last
#   character of ``{_N}+``, the ``\s*`` and the keyword);
# * 4 contains ``\d-\d{1,2}-\d{3}`` (end of the first group, the middle one, the
#   start of the room number);
# * 5 contains 门牌; 6 contains 住址 (in 住址 and 家庭住址) or 家庭地址.
_HOME_HINT = re.compile(rf"{_N}\s*(?:号楼|栋|幢|座|号院|单元)|\d-\d{{1,2}}-\d{{3}}|门牌|住址|家庭地址")


def _valid_date(year: int, month: int, day: int, today: datetime.date) -> bool:
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= born <= today


def _id18_valid(digits: str) -> bool:
    total = sum(int(d) * w for d, w in zip(digits[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == digits[17].upper()


def _luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def _ids(text: str, today: datetime.date) -> Iterable[Finding]:
    for m in _ID18.finditer(text):
        digits = "".join(m.groups())
        if _valid_date(int(m[2]), int(m[3]), int(m[4]), today) and _id18_valid(digits):
            yield Finding(m.start(), m.end(), ID_NUMBER)
    for m in _ID15.finditer(text):
        if _valid_date(1900 + int(m[2]), int(m[3]), int(m[4]), today):
            yield Finding(m.start(), m.end(), ID_NUMBER)


def _mobiles(text: str) -> Iterable[Finding]:
    for m in _MOBILE.finditer(text):
        yield Finding(m.start(), m.end(), MOBILE)


def _cards(text: str) -> Iterable[Finding]:
    for m in _CARD.finditer(text):
        raw = m.group()
        digits = raw.replace(" ", "").replace("-", "")
        if not 13 <= len(digits) <= 19 or not _CARD_PREFIX.match(digits):
            continue
        # Separators, if any, must group like a card (4-4-4-4…), not like a date or a phone.
        groups = re.split(r"[ \-]", raw)
        if len(groups) > 1 and any(len(g) < 3 for g in groups):
            continue
        if len(set(digits)) > 2 and _luhn_valid(digits):
            yield Finding(m.start(), m.end(), BANK_CARD)


def _emails(text: str, policy: PrivacyPolicy) -> Iterable[Finding]:
    for m in _EMAIL.finditer(text):
        domain = m[1].lower()
        if domain.rsplit(".", 1)[1] in _FILE_SUFFIXES or policy.allows_domain(domain):
            continue
        yield Finding(m.start(), m.end(), PERSONAL_EMAIL)


def _homes(text: str) -> Iterable[Finding]:
    for m in _HOME.finditer(text):
        yield Finding(m.start(), m.end(), HOME_ADDRESS)


def find_personal_data(
    text: str, policy: PrivacyPolicy | None = None, today: datetime.date | None = None
) -> list[Finding]:
    """Every suspected piece of personal data in ``text``, in order, without overlaps.

    ``today`` bounds plausible birth dates (a build passes its own date so the
    result does not depend on the clock).
    """
    policy = policy or PrivacyPolicy()
    today = today or datetime.date.today()
    folded = fold(text)
    allowed_spans = []
    for value in policy.allowed_values:
        start = folded.find(value)
        while start != -1:
            allowed_spans.append((start, start + len(value)))
            start = folded.find(value, start + 1)
    chosen: list[Finding] = []  # sorted by start, never overlapping
    digits = _DIGITS_HINT.search(folded) is not None
    # Priority order: an 18-digit ID is not also reported as a bank card.
    for found in (
        *(_ids(folded, today) if digits else ()),
        *(_mobiles(folded) if digits else ()),
        *(_emails(folded, policy) if _EMAIL_HINT in folded else ()),
        *(_cards(folded) if digits else ()),
        *(_homes(folded) if _HOME_HINT.search(folded) else ()),
    ):
        if any(a <= found.start and found.end <= b for a, b in allowed_spans):
            continue
        index = bisect.bisect_left(chosen, found)
        before = chosen[index - 1] if index else None
        after = chosen[index] if index < len(chosen) else None
        if (before and before.end > found.start) or (after and after.start < found.end):
            continue
        chosen.insert(index, found)
    return chosen


def kinds_found(
    text: str, policy: PrivacyPolicy | None = None, today: datetime.date | None = None
) -> list[str]:
    """The distinct kinds found, in :data:`KINDS` order."""
    found = {f.kind for f in find_personal_data(text, policy, today)}
    return [kind for kind in KINDS if kind in found]


def personal_data_errors(
    text: str,
    path: str,
    line: int,
    field: str,
    policy: PrivacyPolicy | None = None,
    today: datetime.date | None = None,
) -> list[ContentError]:
    """One ``[personal-data]`` error per kind found in ``field`` (never the value itself).

    For a multi-line body pass the body's first line: each error points at the
    line where its finding starts.
    """
    errors = []
    seen = set()
    for finding in find_personal_data(text, policy, today):
        at = line + text.count("\n", 0, finding.start)
        if (finding.kind, at) in seen:
            continue
        seen.add((finding.kind, at))
        errors.append(
            ContentError(
                path,
                at,
                "personal-data",
                f"“{field}”中发现疑似{finding.kind}：为保护个人信息，网站不得公开{finding.kind}，请删除"
                "（如确为单位公开信息，请联系网站管理员加入 PRIVACY 设置的公开名单）",
            )
        )
    return errors


def personal_data_in_data(
    data: Any,
    path: str,
    policy: PrivacyPolicy | None = None,
    today: datetime.date | None = None,
    field: str = "",
    line: int = 0,
) -> list[ContentError]:
    """``[personal-data]`` errors for every text (and number) in parsed YAML, at each value's line.

    ``data`` is what :func:`plugins.common.yamlio.load_yaml` returns (a front
    matter or a data file): mappings and lists remember their lines.  Field
    names are shown as ``officers[2].name`` so the editor finds the value.
    Numbers are checked too: an unquoted ``phone: 13812345678`` is an ``int``.
    """
    errors: list[ContentError] = []
    stack = [(data, field, line)]
    while stack:
        value, name, at = stack.pop()
        if isinstance(value, dict):
            lines = getattr(value, "line_of", None)
            for key, item in reversed(list(value.items())):
                key_text = str(key)
                errors += personal_data_errors(
                    key_text, path, lines(key) if lines else at, name or key_text, policy, today
                )
                stack.append((item, f"{name}.{key_text}" if name else key_text, lines(key) if lines else at))
        elif isinstance(value, list):
            lines = getattr(value, "line_of", None)
            for index in reversed(range(len(value))):
                stack.append((value[index], f"{name}[{index + 1}]", lines(index) if lines else at))
        elif isinstance(value, str):
            errors += personal_data_errors(value, path, at, name or "字段", policy, today)
        elif isinstance(value, int) and not isinstance(value, bool):
            errors += personal_data_errors(str(value), path, at, name or "字段", policy, today)
    return errors


# ---- Second pass over the built site ------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_ATTR_URL = re.compile(
    r"""\b(?:href|src|content|action|srcset|data-[\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I
)
_SPACES = re.compile(r"\s+")
_ICS_FOLD = re.compile(r"\r?\n[ \t]")
_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>(.*?)</\1\s*>", re.I | re.S)


def _text_kind(name: str) -> str:
    """How :func:`output_texts` reads a built file, from its suffix (part of the scan cache key)."""
    lower = name.lower()
    if lower.endswith(".ics"):
        return "calendar"
    if lower.endswith((".json", ".webmanifest")):
        return "json"
    if lower.endswith((".html", ".htm", ".xml", ".atom", ".rss")):
        return "markup"
    return "plain"


def output_texts(data: str, name: str) -> list[str]:
    """The texts a reader or a crawler can get from one built file.

    For markup, tags are replaced by spaces (so ``class="a"`` or ``width="1200"``
    never join with neighbouring digits), entities are decoded, and attribute
    values that carry URLs or texts (href, src, content…) are added after
    percent-decoding, so ``tel:+86%20138…`` or ``?q=%E4%BD%8F%E5%9D%80`` is caught.
    """
    kind = _text_kind(name)
    if kind == "calendar":  # RFC 5545 folds lines at 75 octets: a UID's domain may be split
        data = _ICS_FOLD.sub("", data)
    if kind == "json":
        data = _json_strings(data)
    if kind != "markup":
        return [data, unquote(data)] if "%" in data else [data]
    texts = []
    for match in _ATTR_URL.finditer(data):
        value = html.unescape(match[1] or match[2] or match[3] or "")
        texts.append(unquote(value))
    # Feeds carry escaped HTML inside <content>; decode it, then strip its tags too.
    body = _SCRIPT_STYLE.sub(lambda m: " " + m[2] + " ", data)
    plain = html.unescape(_TAG.sub(" ", body))
    if "<" in plain:
        plain = html.unescape(_TAG.sub(" ", plain))
    texts.append(_SPACES.sub(" ", plain))
    return texts


def _json_strings(data: str) -> str:
    """Every key and string of a JSON file, one per line (``\\u5bb6`` escapes decoded)."""
    try:
        stack = [json.loads(data)]
    except ValueError:
        return data
    texts = []
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            texts += [str(k) for k in value]
            stack += value.values()
        elif isinstance(value, list):
            stack += value
        elif isinstance(value, str | int) and not isinstance(value, bool):
            texts.append(str(value))
    return "\n".join(texts)


# Joins a file's texts so that one detector call scans them all.  No detector
# can match it or across it: no character class or literal in the detectors
# contains NUL (``\s``, ``[ \-.]``, ``\d``, ``\w`` do not match it), it is in no
# lookbehind or lookahead class (so a text's start and end behave as the start
# and end of a string), ``\b`` sees a non-word character as at the end, and
# :func:`fold` keeps it.  So the findings in the joined text are exactly the
# findings in each text, shifted; only an allowlisted value containing NUL could
# span two texts, and then the texts are scanned one by one.
_TEXT_SEPARATOR = "\x00"


def output_kinds(
    data: str, name: str, policy: PrivacyPolicy | None = None, today: datetime.date | None = None
) -> list[str]:
    """The kinds of personal data in one built file (``name`` gives its text kind), in :data:`KINDS` order."""
    policy = policy or PrivacyPolicy()
    texts = list(dict.fromkeys(output_texts(data, name)))  # a repeated text adds no kind
    if any(_TEXT_SEPARATOR in value for value in policy.allowed_values):
        found = {kind for text in texts for kind in kinds_found(text, policy, today)}
        return [kind for kind in KINDS if kind in found]
    return kinds_found(_TEXT_SEPARATOR.join(texts), policy, today)


# ---- The scan cache ------------------------------------------------------------------
#
# A warm build rewrites thousands of files with the same bytes; their findings
# cannot have changed unless the policy, the date bounding birth dates or this
# module did.  One verified JSON file maps a key of (those, the file's text kind,
# its bytes) to the kinds found; it holds the last scan's files only.

_SCAN_CACHE_FILE = "output-scan.json"


def _scan_context(policy: PrivacyPolicy, today: datetime.date) -> str:
    """Everything besides a file's bytes and text kind that shapes its findings."""
    return cache_key(
        code_hash(__name__),
        json.dumps([sorted(policy.allowed_email_domains), list(policy.allowed_values), today.isoformat()]),
    )


def _read_scan_cache(folder: str) -> dict[str, list[str]]:
    """The stored scan results, or nothing if missing, corrupt or not of the expected shape."""
    stored = read_verified(os.path.join(folder, _SCAN_CACHE_FILE))
    if stored is None:
        return {}
    try:
        entries = json.loads(stored)
    except ValueError:
        return {}
    if not isinstance(entries, dict) or not all(
        isinstance(kinds, list) and all(kind in KINDS for kind in kinds) for kinds in entries.values()
    ):
        return {}
    return entries


def scan_output_tree(
    folder: str,
    policy: PrivacyPolicy | None = None,
    today: datetime.date | None = None,
    cache: str | None = None,
) -> list[tuple[str, str]]:
    """``(relative path, kind)`` for every text file in ``folder`` that contains personal data.

    With ``cache`` (a folder), files whose bytes were scanned before under the
    same policy, date and code are not scanned again.  Symlinks are not
    followed: the build never creates them inside the tree.
    """
    policy = policy or PrivacyPolicy()
    today = today or datetime.date.today()
    context = _scan_context(policy, today)
    known = _read_scan_cache(cache) if cache else {}
    scanned: dict[str, list[str]] = {}
    problems = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if not name.lower().endswith(OUTPUT_TEXT_EXTENSIONS):
                continue
            full = os.path.join(root, name)
            if os.path.islink(full):
                continue
            with open(full, "rb") as handle:
                raw = handle.read()
            key = cache_key(context, _text_kind(name), hashlib.sha256(raw).digest())
            kinds = known.get(key)
            if kinds is None:
                kinds = output_kinds(raw.decode("utf-8", errors="replace"), name, policy, today)
            scanned[key] = kinds
            relative = os.path.relpath(full, folder).replace(os.sep, "/")
            problems += [(relative, kind) for kind in KINDS if kind in kinds]
    if cache and scanned != known:
        write_verified(os.path.join(cache, _SCAN_CACHE_FILE), json.dumps(scanned, sort_keys=True).encode())
    return sorted(problems, key=lambda problem: problem[0])


def output_errors(problems: Iterable[tuple[str, str]], folder_label: str = "output") -> list[ContentError]:
    """The second pass's findings as errors (the file is generated, so no line)."""
    return [
        ContentError(
            f"{folder_label}/{relative}",
            0,
            "personal-data-output",
            f"生成的页面中发现疑似{kind}：请在对应的内容文件或数据文件中删除后重新构建",
        )
        for relative, kind in problems
    ]
