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
import functools
import gzip
import hashlib
import html
import io
import itertools
import json
import os
import posixpath
import re
import unicodedata
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from . import unicode_ranges
from .cache import cache_key, code_hash, read_verified, write_verified
from .dates import clock_today
from .videometa import unexpected_metadata, video_metadata

ID_NUMBER = "身份证号"
MOBILE = "手机号"
PERSONAL_EMAIL = "个人邮箱"
BANK_CARD = "银行卡号"
HOME_ADDRESS = "家庭住址"
QQ_NUMBER = "QQ号"
KINDS = (ID_NUMBER, MOBILE, PERSONAL_EMAIL, BANK_CARD, HOME_ADDRESS, QQ_NUMBER)

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


# ---- Normalisation -------------------------------------------------------------
#
# Pasted text hides digits from a plain regex in many ways: full-width or
# mathematical digits (NFKC folds them), digits of other scripts (``٣``,
# ``३``: folded by their decimal value), invisible format characters between
# digit groups (U+200B, U+2060, U+00AD: category Cf, removed), and mail
# obfuscations (``(at)``, ``qq。com``).  :func:`normalise` undoes all of them
# once, for every detector, and keeps a map back to the original positions so
# that an error still points at the editor's line.


# NFKC changes, format characters and non-ASCII decimal digits exist only in
# these ranges (no compatibility decomposition, Cf character or Nd digit lies
# elsewhere in Unicode 15).
_SCANNED = (range(0x80, 0x30000), range(0xE0000, 0xE1000))


def _starting_with(first: str, pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled behind the lookahead ``first``: the characters any match of it starts with.

    Every match starts with one of them, so the lookahead changes no match; it is
    there for speed.  Python's ``re`` tries a pattern at every position of the
    text, and a pattern that opens with lookbehinds or alternatives costs all of
    them there; behind the lookahead most positions fail on one character test.
    The scan of a build's output (10 MB, most of it the web editor's script)
    takes a fraction of the time.  Each pattern below says why its ``first`` holds.
    """
    return re.compile(f"(?={first})(?:{pattern})")


def _character_class(chars: Iterable[str]) -> str:
    """A regex character class for ``chars``, as ranges (compiles in milliseconds)."""
    codes = sorted(map(ord, chars))
    parts = []
    index = 0
    while index < len(codes):
        end = index
        while end + 1 < len(codes) and codes[end + 1] == codes[end] + 1:
            end += 1
        first, last = re.escape(chr(codes[index])), re.escape(chr(codes[end]))
        parts.append(first if end == index else f"{first}-{last}")
        index = end + 1
    return "[" + "".join(parts) + "]"


def _special_characters() -> tuple[frozenset[str], frozenset[str]]:
    """(format characters, every character :func:`normalise` may change).

    From the generated table (``tools/make_unicode_ranges.py``) when it was made
    for this Python's Unicode version, computed otherwise: the same sets either
    way (``tests/unit/test_privacy.py``), 0.1 s less in every process.
    """
    if unicode_ranges.UNIDATA_VERSION != unicodedata.unidata_version:
        return compute_special_characters()

    def chars(found: tuple[tuple[int, int], ...]) -> frozenset[str]:
        return frozenset(chr(code) for first, last in found for code in range(first, last + 1))

    return chars(unicode_ranges.FORMAT_RANGES), chars(unicode_ranges.SPECIAL_RANGES)


def compute_special_characters() -> tuple[frozenset[str], frozenset[str]]:
    """(format characters, every character :func:`normalise` may change), mapped in C for speed."""
    chars = list(map(chr, itertools.chain(*_SCANNED)))
    categories = list(map(unicodedata.category, chars))
    decompositions = list(map(unicodedata.decomposition, chars))
    format_chars = frozenset(c for c, cat in zip(chars, categories, strict=True) if cat == "Cf")
    # A character with a decomposition may change under NFKC (one that recomposes to itself is harmless).
    special = frozenset(
        c
        for c, cat, dec in zip(chars, categories, decompositions, strict=True)
        if dec or cat in ("Cf", "Nd", "Pd", "Zs") or c == "\u2212"
    )
    return format_chars, special


_FORMAT_CHARS, _SPECIAL = _special_characters()
_SPECIAL_RUN = _starting_with(r"[^\x00-\x7f]", _character_class(_SPECIAL) + "+")  # _SCANNED: no ASCII
_FORMAT_RUN = re.compile(_character_class(_FORMAT_CHARS) + "+")


@functools.lru_cache(maxsize=8192)
def _normalise_char(char: str) -> str:
    """One character as the detectors see it: "" for a format character, else NFKC with
    ASCII digits, dashes as "-" and spaces as " "."""
    if char in _FORMAT_CHARS:
        return ""
    out = []
    for part in unicodedata.normalize("NFKC", char):
        if part in _FORMAT_CHARS:
            continue
        if part.isascii():
            out.append(part)
            continue
        category = unicodedata.category(part)
        if category == "Nd":
            out.append(str(unicodedata.decimal(part)))
        elif category == "Pd" or part == "\u2212":  # 138—1234－5678: dashes and the minus sign
            out.append("-")
        elif category == "Zs":
            out.append(" ")
        else:
            out.append(part)
    return "".join(out)


def strip_format_characters(text: str) -> str:
    """``text`` without Unicode format characters (category Cf: U+200B, U+2060, U+00AD, U+FEFF…).

    They are invisible to readers but split a number into words for the search
    index and for any pattern, so published text never carries them.
    """
    return _FORMAT_RUN.sub("", text) if not text.isascii() else text


class _OffsetMap:
    """Positions in a rewritten text back to positions in the text it was made from."""

    __slots__ = ("new_starts", "pieces")

    def __init__(self) -> None:
        self.new_starts: list[int] = []
        self.pieces: list[tuple[int, int, bool]] = []  # (new start, old start, linear)

    def add(self, new_start: int, old_start: int, linear: bool) -> None:
        self.new_starts.append(new_start)
        self.pieces.append((new_start, old_start, linear))

    def old(self, position: int) -> int:
        index = bisect.bisect_right(self.new_starts, position) - 1
        if index < 0:
            return position
        new_start, old_start, linear = self.pieces[index]
        return old_start + (position - new_start) if linear else old_start


def _rewrite(
    text: str, pattern: re.Pattern[str], replace: Callable[[re.Match[str]], Iterable[tuple[int, str]]]
) -> tuple[str, _OffsetMap | None]:
    """``pattern.sub(replace, text)`` and the map of the new positions to old ones (``None``: same).

    ``replace`` gives, for a match, each replacement text with the original position it stands for.
    """
    parts: list[str] = []
    mapping = _OffsetMap()
    last = new_length = 0
    same_length = True
    for match in pattern.finditer(text):
        if match.start() > last:
            mapping.add(new_length, last, True)
            parts.append(text[last : match.start()])
            new_length += match.start() - last
        for old, replacement in replace(match):
            mapping.add(new_length, old, len(replacement) == 1)
            parts.append(replacement)
            new_length += len(replacement)
            same_length = same_length and len(replacement) == 1
        last = match.end()
    if not parts:
        return text, None
    if last < len(text):
        mapping.add(new_length, last, True)
        parts.append(text[last:])
    new = "".join(parts)
    return new, (None if same_length and len(new) == len(text) else mapping)


def _char_replacements(match: re.Match[str]) -> Iterable[tuple[int, str]]:
    start = match.start()
    for offset, char in enumerate(match[0]):
        yield start + offset, _normalise_char(char)


# Mail obfuscations, folded after NFKC (so brackets and "@" are ASCII):
# "zhang(at)163.com", "zhang [at] qq.com", "zhang#qq.com", "qq。com", "qq(dot)com".
_BRACKET_OPEN, _BRACKET_CLOSE = r"[(\[{<【〔「『]", r"[)\]}>】〕」』]"
# A bare " at " or "#" only before a free mail provider: "published at nature.com" stays prose.
_FREE_MAIL = r"(?:qq|QQ|163|126|sina|sohu|foxmail|gmail|hotmail|outlook|yeah|139|189|aliyun|icloud)"
# Every alternative starts with optional spaces then a bracket, "#" or a full stop (or spaces).
_OBFUSCATION = _starting_with(
    rf"\s|{_BRACKET_OPEN}|[#。｡]",
    rf"(?P<at>\s*{_BRACKET_OPEN}\s*(?:[Aa][Tt]|艾特)\s*{_BRACKET_CLOSE}\s*"
    rf"|(?<=[A-Za-z0-9._%+\-])(?:\s+(?:at|AT)\s+|#)(?={_FREE_MAIL}\s*(?:\.|。|[(\[]\s*dot)))"
    rf"|(?P<dot>\s*{_BRACKET_OPEN}\s*(?:[Dd][Oo][Tt]|点)\s*{_BRACKET_CLOSE}\s*"
    r"|(?<=[A-Za-z0-9])\s*[。｡]\s*(?=[A-Za-z]{2,63}(?![A-Za-z])))",
)


def _obfuscation_replacements(match: re.Match[str]) -> Iterable[tuple[int, str]]:
    yield match.start(), "@" if match["at"] is not None else "."


class _FoldTable(dict[int, str | int]):
    """:meth:`str.translate`'s table for the character step of :func:`normalise`, filled as read.

    A character of ``_SPECIAL`` maps to :func:`_normalise_char` ("" deletes it, as
    ``normalise`` drops it); any other maps to its own code point (the key object
    itself: no string per entry).  Never ``None``.  It holds the characters met so
    far (a few thousand in a build; at most Unicode's).
    """

    __slots__ = ()

    def __missing__(self, code: int) -> str | int:
        char = chr(code)
        folded = self[code] = _normalise_char(char) if char in _SPECIAL else code
        return folded


_FOLD_TABLE = _FoldTable()


def _obfuscation_replacement(match: re.Match[str]) -> str:
    return "@" if match["at"] is not None else "."


def _fast_fold(text: str) -> str:
    """``normalise(text)[0]`` without the map of positions: the same two steps, in C.

    Detection needs the folded text only; :func:`find_personal_data` builds the
    map (with :func:`normalise`) only when it has findings to place.  Equal to
    ``normalise`` for any text (``tests/unit/test_privacy_oracles.py``).
    """
    if not text.isascii():
        text = text.translate(_FOLD_TABLE)
    return _OBFUSCATION.sub(_obfuscation_replacement, text)


def normalise(text: str) -> tuple[str, Any]:
    """The text every detector reads, and a map of its positions to those of ``text``.

    NFKC (full-width and mathematical digits, ``＠``, ``：``), Unicode format
    characters removed, every decimal digit as ASCII, mail obfuscations folded.
    The map is a function ``position -> original position``.
    """
    maps = []
    if not text.isascii():
        text, first = _rewrite(text, _SPECIAL_RUN, _char_replacements)
        if first is not None:
            maps.append(first)
    text, second = _rewrite(text, _OBFUSCATION, _obfuscation_replacements)
    if second is not None:
        maps.append(second)

    def original(position: int) -> int:
        for mapping in reversed(maps):
            position = mapping.old(position)
        return position

    return text, original


def fold(text: str) -> str:
    """``text`` as the detectors read it (see :func:`normalise`)."""
    return _fast_fold(text)


# ---- Detectors ----------------------------------------------------------------

# 18 digits (the last may be X) in any grouping: "110105 19491001 002X",
# "1101 0519 4910 0100 2X", "110105.19491001.002X", "110105/1949/1001/002X".
# The check digit and the birth date (validated below) keep false positives rare.
_ID_SEP = r"[ \-./]?"
_ID18 = _starting_with("[1-9]", rf"(?<![0-9A-Za-z])[1-9](?:{_ID_SEP}\d){{16}}{_ID_SEP}[0-9Xx](?![0-9A-Za-z])")
_ID15 = _starting_with("[1-9]", r"(?<![0-9A-Za-z])([1-9]\d{5})(\d{2})(\d{2})(\d{2})(\d{3})(?![0-9A-Za-z])")
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"

_SEP = r"[ \-.]?"
# A mobile may follow the letters that label it ("wx13812345678", "Tel:…", "TEL13…"):
# each label contains a letter outside a-f, so no hexadecimal hash can supply one.
_MOBILE_LABELS = ("wx", "vx", "tel", "mob", "cell", "phone", "sj", "dh", "whatsapp", "weixin", "wechat")
_AFTER_LABEL = "|".join(f"(?<={''.join(f'[{c.upper()}{c}]' for c in label)})" for label in _MOBILE_LABELS)
# A mobile starts with its country code ("+86", "0086", "(86)", "86 ") or its first digit, 1.
_MOBILE = _starting_with(
    "[+0(81]",
    rf"(?:(?<![0-9A-Za-z+])|{_AFTER_LABEL})"
    r"(?:(?:\+|00)\s?86[ \-]?|\(\+?86\)\s?|86[ \-])?"
    rf"(?:1[3-9]\d{_SEP}\d{{4}}{_SEP}\d{{4}}|1[3-9]\d{{2}}[ \-.]\d{{4}}[ \-.]\d{{3}})"
    r"(?![0-9])",
)
# "QQ：12345678", "qq号 12345678" (a QQ number is also a QQ mailbox); "QQ群" is public.
_QQ = _starting_with("[Qq]", r"(?<![A-Za-z])[Qq]{2}\s*(?:号码|号)?\s*[:=]?\s*[1-9]\d{4,11}(?![0-9])")
_CARD = _starting_with(r"\d", r"(?<![0-9A-Za-z/_=.\-])(?:\d[ \-]?){12,18}\d(?![0-9A-Za-z/_\-])")
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
# Building-unit-room in digits and dashes, the one alternative of _HOME without a word of _HOME_WORDS.
_DASHED_ROOM = r"(?<![\d\-./])\d{1,3}-\d{1,2}-\d{3,4}(?![\d\-/]|\.\d)"
# A building is numbered (3号楼, 十二栋) or lettered (C栋, D座).
_BUILDING = rf"(?:(?<!{_N}){_N}+|(?<![A-Za-z])[A-Za-z])\s*(?:号楼|栋|幢|座|号院)"
# A numbered building or a digit (also of 3-2-301), a lettered building (a letter, spaces, 号楼|栋|幢|
# 座|号院), 门牌, 家庭住址/家庭地址 or 住址.
_HOME = _starting_with(
    rf"\d|{_N}|[A-Za-z]\s*[号栋幢座]|[门家住]",
    "|".join(
        [
            # 3号楼2单元301室, 5栋1202室, 12幢3单元502, 7座1801号房, 3号楼301户, C栋1202室, 科技园D座5层501室
            rf"{_BUILDING}\s*(?:{_N}+\s*(?:单元|门|层|楼)\s*)?{_N}+\s*(?:室|户|号房)",
            rf"{_BUILDING}\s*{_N}+\s*单元(?:\s*{_N}+)?",
            # 2单元301室, 3单元502号
            rf"(?<!{_N}){_N}+\s*单元\s*{_N}+\s*(?:室|户|号)",
            # 3-2-301室, 5-1-302 (building-unit-room); dates, phone numbers and ISBNs have other shapes
            _DASHED_ROOM,
            # 门牌号：xx, 门牌 12
            r"门牌(?:号码|号)?\s*[:：为是]?\s*[0-9A-Za-z一-龥\-]{1,20}",
            # 家庭住址：…, 住址：… (the label with a colon; "家住寿光" alone is not an address)
            r"(?:家庭住址|家庭地址|住址)\s*[:：]\s*[一-龥0-9A-Za-z\-]{2,40}",
        ]
    ),
)


# ---- Prefilters: necessary conditions, checked once per text ------------------------
#
# Most texts (a title, a URL, a page without a number) cannot hold any finding;
# a cheap search proves it and skips the detector.  Each hint must be IMPLIED by
# every finding of its detector (never the other way round), so skipping can
# never hide personal data.  All are searched in the normalised text.
#
# Digits (IDs, mobiles, cards): six digits, each followed by at most one of " -./".
# * _ID18 is 18 digits with at most one separator between two; _ID15 is 15 digits.
# * _MOBILE has eleven digits with at most one separator between two.
# * _CARD is 13–19 digits with at most one separator between two.
_DIGITS_HINT = re.compile(r"(?:\d[ \-./]?){5}\d")
# QQ numbers: two q's.
_QQ_HINT = re.compile(r"[Qq]{2}")
# Emails: _EMAIL contains a literal "@" (normalisation folds "＠" and "(at)" to it).
_EMAIL_HINT = "@"
# Homes, alternative by alternative of _HOME:
# * 1–3 contain 号楼|栋|幢|座|号院 (in _BUILDING) or 单元;
# * 4 (_DASHED_ROOM) contains ``\d-\d{1,2}-\d{3}`` (end of the first group, the
#   middle one, the start of the room number);
# * 5 contains 门牌; 6 contains 住址 (in 住址 and 家庭住址) or 家庭地址.
# So a home address contains one of _HOME_WORDS (substring searches: a script of
# megabytes without them is ruled out in milliseconds) or matches _HOME_HINT; and in
# a text without any of _HOME_WORDS, _HOME matches exactly where _HOME_DASHED does.
_HOME_WORDS = ("号楼", "栋", "幢", "座", "号院", "单元", "门牌", "住址", "家庭地址")
_HOME_HINT = re.compile(r"(?=\d-)\d-\d{1,2}-\d{3}")
_HOME_DASHED = _starting_with(r"\d", _DASHED_ROOM)


def _home_hint(folded: str) -> bool:
    return any(word in folded for word in _HOME_WORDS) or _HOME_HINT.search(folded) is not None


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
        digits = re.sub(r"[ \-./]", "", m[0])
        born = (int(digits[6:10]), int(digits[10:12]), int(digits[12:14]))
        if _valid_date(*born, today) and _id18_valid(digits):
            yield Finding(m.start(), m.end(), ID_NUMBER)
    for m in _ID15.finditer(text):
        if _valid_date(1900 + int(m[2]), int(m[3]), int(m[4]), today):
            yield Finding(m.start(), m.end(), ID_NUMBER)


def _mobiles(text: str) -> Iterable[Finding]:
    for m in _MOBILE.finditer(text):
        yield Finding(m.start(), m.end(), MOBILE)


def _qq_numbers(text: str) -> Iterable[Finding]:
    for m in _QQ.finditer(text):
        yield Finding(m.start(), m.end(), QQ_NUMBER)


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
    # Without any of _HOME_WORDS, _HOME's other alternatives fail at every position: the same matches.
    pattern = _HOME if any(word in text for word in _HOME_WORDS) else _HOME_DASHED
    for m in pattern.finditer(text):
        yield Finding(m.start(), m.end(), HOME_ADDRESS)


def find_personal_data(
    text: str, policy: PrivacyPolicy | None = None, today: datetime.date | None = None
) -> list[Finding]:
    """Every suspected piece of personal data in ``text``, in order, without overlaps.

    The detectors read :func:`normalise`'s text; positions are those of ``text``.
    ``today`` bounds plausible birth dates (a build passes its own date so the
    result does not depend on the clock).
    """
    chosen = _folded_findings(_fast_fold(text), policy or PrivacyPolicy(), today or clock_today())
    if not chosen:  # most texts: no map of positions to build
        return []
    _, original = normalise(text)
    return [Finding(original(f.start), original(f.end - 1) + 1, f.kind) for f in chosen]


# Names made from digests, by the photo pipeline (plugins/common/photos.py: ``/<16 hex>-<width>.jpg``,
# ``-<width>x<height>.jpg``, ``-q<quality>.jpg``, ``.webp``) and by Pagefind (its index's
# ``pagefind.zh-cn_<13 hex>.pf_meta``; ``pagefind-entry.json`` names it, see _pagefind_entry).  A
# digest's hex digits can spell a mobile: a name starting with 1, one of 3–9, nine more digits and a
# letter does, once in about 6,700 names; a site with thousands of photos would then fail to build
# over a file name that no editor wrote and none can change.  In the output scan only (never in the
# check of what editors write), a finding inside the digest of such a name is dropped.  Only these
# exact shapes, with the slash, suffix or prefix around the digest: "li-ming_13812345678ab",
# "13812345678abcde-640.jpg" in prose, "/photos/13812345678-1024.jpg" are still found.
_GENERATED_NAME = re.compile(
    r"(?<=/)([0-9a-f]{16})-(?:\d{1,5}(?:x\d{1,5})?|q\d{1,3})\.(?:jpg|webp)(?![0-9A-Za-z])"
    r"|(?<![0-9A-Za-z])pagefind\.[a-z]{2,3}(?:-[a-z]{2,4})?_([0-9a-f]{13})\.pf_meta(?![0-9A-Za-z])"
)


def _allowed_spans(folded: str, policy: PrivacyPolicy, generated: bool) -> list[tuple[int, int]]:
    """Where a finding is dropped: each allowed value of the policy, and (``generated``: in the
    output scan) each digest of a generated name."""
    spans = []
    for value in policy.allowed_values:
        start = folded.find(value)
        while start != -1:
            spans.append((start, start + len(value)))
            start = folded.find(value, start + 1)
    if generated:
        for match in _GENERATED_NAME.finditer(folded):
            spans.append(match.span(1) if match[1] is not None else match.span(2))
    return spans


def _folded_findings(
    folded: str, policy: PrivacyPolicy, today: datetime.date, generated: bool = False
) -> list[Finding]:
    """The findings in a folded text (:func:`fold`), at its positions, sorted, without overlaps.

    ``generated``: a built file (or its name), where the digests of generated names are no finding.
    """
    allowed_spans: list[tuple[int, int]] | None = None  # made at the first finding: most texts have none
    chosen: list[Finding] = []  # sorted by start, never overlapping
    digits = _DIGITS_HINT.search(folded) is not None
    # Priority order: an 18-digit ID is not also reported as a bank card.
    for found in (
        *(_ids(folded, today) if digits else ()),
        *(_mobiles(folded) if digits else ()),
        *(_emails(folded, policy) if _EMAIL_HINT in folded else ()),
        *(_qq_numbers(folded) if _QQ_HINT.search(folded) else ()),
        *(_cards(folded) if digits else ()),
        *(_homes(folded) if _home_hint(folded) else ()),
    ):
        if allowed_spans is None:
            allowed_spans = _allowed_spans(folded, policy, generated)
        if any(a <= found.start and found.end <= b for a, b in allowed_spans):
            continue
        index = bisect.bisect_left(chosen, found)
        before = chosen[index - 1] if index else None
        after = chosen[index] if index < len(chosen) else None
        if (before and before.end > found.start) or (after and after.start < found.end):
            continue
        chosen.insert(index, found)
    return chosen


def mask_personal_data(text: str, policy: PrivacyPolicy | None = None) -> str:
    """``text`` with every finding replaced by asterisks (for logs and error messages)."""
    findings = find_personal_data(text, policy)
    for finding in reversed(findings):
        text = text[: finding.start] + "*" * (finding.end - finding.start) + text[finding.end :]
    return text


def kinds_found(
    text: str,
    policy: PrivacyPolicy | None = None,
    today: datetime.date | None = None,
    generated: bool = False,
) -> list[str]:
    """The distinct kinds found, in :data:`KINDS` order (no positions: nothing to map back).

    ``generated``: ``text`` is built output, where digests of generated names are no finding.
    """
    policy, today = policy or PrivacyPolicy(), today or clock_today()
    found = {f.kind for f in _folded_findings(_fast_fold(text), policy, today, generated)}
    return [kind for kind in KINDS if kind in found]


# ---- Second pass over the built site ------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
# Every attribute name below starts with one of h, s, c, a, d: the lookahead (as in
# :func:`_starting_with`, compared case-insensitively like the rest) changes no match
# and halves the time on a page.
_ATTR_URL = re.compile(
    r"""(?=[hscad])\b(?:href|src|content|action|srcset|data-[\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""",
    re.I,
)
_SPACES = re.compile(r"\s+")
_ICS_FOLD = re.compile(r"\r?\n[ \t]")
_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>(.*?)</\1\s*>", re.I | re.S)


# How each kind of built file is read (the suffix decides; part of the scan
# cache key).  A file whose suffix is not here cannot be scanned, so the build
# fails (fail closed): a new kind of output needs its reader first.
_READERS = {
    **dict.fromkeys((".html", ".htm", ".xml", ".atom", ".rss", ".svg"), "markup"),
    **dict.fromkeys((".json", ".webmanifest"), "json"),
    ".ics": "calendar",
    # Plain text: robots.txt, urls.txt, stylesheets, scripts, generated server configuration.
    **dict.fromkeys((".txt", ".css", ".js", ".mjs", ".map", ".conf", ".csv", ".vcf", ".md"), "plain"),
    # Video captions (WebVTT): text that screen readers and search engines read.
    ".vtt": "plain",
    # The web editor's generated configuration (/admin/config.yml).
    **dict.fromkeys((".yml", ".yaml"), "plain"),
    # WebAssembly (the web editor's bundle): its readable strings.
    ".wasm": "binary",
    # Precompressed copies (wfu.precompress): read as the file they compress.
    ".gz": "gzip",
    ".br": "brotli",
    # Pagefind's search index: gzip, a "pagefind_dcd" header, then JSON (fragments) or CBOR.
    ".pf_fragment": "pagefind-json",
    **dict.fromkeys((".pf_index", ".pf_meta", ".pf_filter"), "pagefind-cbor"),
    # Pagefind's WebAssembly program (gzip): its readable strings.
    ".pagefind": "gzip-binary",
    # PDF (校友刊物 issues): every page's text and the document metadata, read by pypdf.
    ".pdf": "pdf",
    # Videos (校友影像): every metadata entry FFmpeg reads; any but technical labels is refused.
    ".mp4": "video",
    # Images: their text metadata (EXIF, XMP, PNG text chunks, comments), read by Pillow.
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".webp", ".gif", ".ico", ".avif", ".tif", ".tiff"), "image"),
}
# Readable output files, by suffix (the scan reads nothing else and refuses the rest).
OUTPUT_EXTENSIONS = tuple(sorted(_READERS))
# Built files a reader or a crawler can fetch as text (kept for callers that filter texts).
OUTPUT_TEXT_EXTENSIONS = tuple(
    sorted(k for k, v in _READERS.items() if v in ("markup", "json", "calendar", "plain"))
)
# Decompressed output above this is refused rather than read (nothing we build is near it).
MAX_DECOMPRESSED_BYTES = 256 * 1024 * 1024
UNREADABLE = "无法读取的文件"
# A built video with metadata besides technical labels (a place, a time, a device, user data).
VIDEO_METADATA = "视频元数据"


class UnreadableOutput(ValueError):
    """A built file the scan cannot read: the build fails rather than publish it unread."""


def _suffix(name: str) -> str:
    return os.path.splitext(name.lower())[1]


def _text_kind(name: str) -> str:
    """How :func:`read_output_file` reads a built file (``"unknown"`` if it cannot)."""
    return _READERS.get(_suffix(name), "unknown")


def _gunzip(raw: bytes) -> bytes:
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(raw)) as handle:
            data = handle.read(MAX_DECOMPRESSED_BYTES + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise UnreadableOutput("gzip") from exc
    if len(data) > MAX_DECOMPRESSED_BYTES:
        raise UnreadableOutput("too large")
    return data


def _unbrotli(raw: bytes) -> bytes:
    import brotli

    decompressor = brotli.Decompressor()
    try:  # the output buffer is bounded: a bomb stops at the limit
        data = decompressor.process(raw, output_buffer_limit=MAX_DECOMPRESSED_BYTES + 1)
        if not decompressor.is_finished() or len(data) > MAX_DECOMPRESSED_BYTES:
            raise UnreadableOutput("brotli")
    except brotli.error as exc:
        raise UnreadableOutput("brotli") from exc
    return data


_PAGEFIND_HEADER = b"pagefind_dcd"


def _pagefind_payload(raw: bytes) -> bytes:
    data = _gunzip(raw)
    if not data.startswith(_PAGEFIND_HEADER):
        raise UnreadableOutput("pagefind header")
    return data[len(_PAGEFIND_HEADER) :]


# CBOR values that are texts as they are.  No value of one of these types equals a value of
# another, so one set holds them all; a bool, a float or a simple value may equal an integer
# (True == 1.0 == 1) and would hide it from the set, so those are never added to it.
_CBOR_PLAIN = frozenset({str, int, bytes})


def _cbor_strings(data: bytes) -> list[str]:
    """Every distinct text (and byte string decoded as UTF-8), number and other value in a CBOR
    document, one text each (fail closed: a value of a kind Pagefind does not write is read as it
    prints, never skipped).

    Separate texts are joined by the scan's NUL separator, so two index words never join into one
    finding, and a text's findings do not depend on its neighbours or on repeats (see
    ``_TEXT_SEPARATOR``): each value is turned into a text once.  A Pagefind index is millions of
    small integers in short lists; a list of plain values joins the set at C speed.
    """
    import cbor2

    try:
        stack = [cbor2.loads(data)]
    except (cbor2.CBORDecodeError, ValueError, RecursionError) as exc:
        raise UnreadableOutput("cbor") from exc
    plain: set[str | int | bytes] = set()
    texts: set[str] = set()
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind in _CBOR_PLAIN:
            plain.add(value)
        elif kind is list and _CBOR_PLAIN.issuperset(map(type, value)):
            plain.update(value)
        elif isinstance(value, dict):
            stack += value.keys()
            stack += value.values()
        elif isinstance(value, list | tuple):
            stack += value
        elif isinstance(value, cbor2.CBORTag):
            stack.append(value.value)
        elif isinstance(value, bytes):
            texts.add(value.decode("utf-8", errors="replace"))
        elif isinstance(value, str | int) and not isinstance(value, bool):
            texts.add(str(value))
        elif isinstance(value, Mapping):  # cbor2's FrozenDict: a map used as a key
            stack += value.keys()
            stack += value.values()
        elif isinstance(value, set | frozenset):  # CBOR sets (tag 258)
            stack += value
        elif value is not None and not isinstance(value, bool):
            # Floats, dates, decimals, UUIDs…: scanned as they print, so nothing goes unread.
            texts.add(str(value))
    texts.update(v.decode("utf-8", errors="replace") if type(v) is bytes else str(v) for v in plain)
    return sorted(texts)


_PRINTABLE_RUN = re.compile(rb"[\x20-\x7e\x80-\xff]{4,}")


def _image_texts(raw: bytes) -> list[str]:
    """The text metadata of an image: everything a viewer's "properties" dialog can show."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(raw)) as image:
            values: list[Any] = list(image.info.values())
            exif = image.getexif()
            values += list(exif.values())
            for ifd in (0x8769, 0x8825):  # Exif and GPS sub-IFDs
                values += list(exif.get_ifd(ifd).values())
            values += [getattr(image, "text", {}) or {}]  # PNG tEXt/iTXt/zTXt chunks
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise UnreadableOutput("image") from exc
    texts = []
    stack = values
    while stack:
        value = stack.pop()
        if isinstance(value, bytes):
            texts.append(value.decode("utf-8", errors="replace"))
        elif isinstance(value, str):
            texts.append(value)
        elif isinstance(value, dict):
            stack += [str(k) for k in value] + list(value.values())
        elif isinstance(value, list | tuple):
            stack += value
        elif isinstance(value, int) and not isinstance(value, bool):
            texts.append(str(value))
    return texts


def _pdf_texts(raw: bytes) -> list[str]:
    """Every page's text, the document information and the XMP metadata of a built PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(raw))
        if reader.is_encrypted:
            raise UnreadableOutput("encrypted pdf")
        texts = [page.extract_text() or "" for page in reader.pages]
        info: Mapping[Any, Any] = reader.metadata or {}
        texts += [str(value) for value in info.values()]
        # The document catalog (a dictionary); pypdf types any entry as PdfObject.
        root: Any = reader.trailer["/Root"]
        xmp = root.get("/Metadata")
        if xmp is not None:
            texts.append(xmp.get_object().get_data().decode("utf-8", errors="replace"))
    except (PyPdfError, OSError, ValueError, KeyError, TypeError) as exc:
        raise UnreadableOutput("pdf") from exc
    return texts


def _video_texts(raw: bytes) -> list[str]:
    """Every metadata key and value of a built MP4 (see :mod:`plugins.common.videometa`)."""
    try:
        found = video_metadata(raw)
    except ValueError as exc:
        raise UnreadableOutput("video") from exc
    return [text for item in found.items() for text in item]


def _video_leaks(raw: bytes) -> bool:
    """True if a built MP4 has metadata beyond technical labels (place, time, device, user data)."""
    try:
        return bool(unexpected_metadata(video_metadata(raw)))
    except ValueError as exc:
        raise UnreadableOutput("video") from exc


def read_output_file(raw: bytes, name: str, policy: PrivacyPolicy | None = None) -> list[str]:
    """The texts a reader, a crawler or a search box can get from one built file.

    :class:`UnreadableOutput` if the file's type has no reader or it is damaged.
    ``policy``: the one the texts will be scanned under (its allowed values decide
    how a percent-encoded text is cut, see :func:`_percent_decoded`).
    """
    raw, name = _decompressed(raw, name)  # a precompressed copy is read as the file it compresses
    kind = _text_kind(name)
    if kind == "pagefind-json":
        return output_texts(_pagefind_payload(raw).decode("utf-8", errors="replace"), "fragment.json", policy)
    if kind == "pagefind-cbor":
        return _cbor_strings(_pagefind_payload(raw))
    if kind in ("gzip-binary", "binary"):
        data = _gunzip(raw) if kind == "gzip-binary" else raw
        return [run.decode("utf-8", errors="replace") for run in _PRINTABLE_RUN.findall(data)]
    if kind == "image":
        return _image_texts(raw)
    if kind == "pdf":
        return _pdf_texts(raw)
    if kind == "video":
        return _video_texts(raw)
    if kind == "unknown":
        raise UnreadableOutput(name)
    text = raw.decode("utf-8", errors="replace")
    if name == PAGEFIND_ENTRY:
        text = _pagefind_entry(text)
    return output_texts(text, name, policy)


PAGEFIND_ENTRY = "pagefind-entry.json"


def _pagefind_entry(data: str) -> str:
    """Pagefind's entry file with each language's index hash written as the file name Pagefind makes
    of it (``pagefind.<hash>.pf_meta``), the shape :data:`_GENERATED_NAME` knows; the rest as it is."""
    try:
        entry = json.loads(data)
    except ValueError:
        return data
    languages = entry.get("languages") if isinstance(entry, dict) else None
    if not isinstance(languages, dict):
        return data
    for language in languages.values():
        if isinstance(language, dict) and isinstance(language.get("hash"), str):
            language["hash"] = f"pagefind.{language['hash']}.pf_meta"
    return json.dumps(entry, ensure_ascii=False)


def output_texts(data: str, name: str, policy: PrivacyPolicy | None = None) -> list[str]:
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
        return [data, *_percent_decoded(data, policy)] if "%" in data else [data]
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


# Characters that end every finding.  No detector, lookaround, hint or mail obfuscation
# matches one or reads past one (each behaves as the start or the end of a text, as the
# separator below does) and normalisation keeps each as it is.  So a text has exactly
# the findings of its stretches between them (tests/unit/test_privacy_scan.py), unless
# an allowed value spans one: a policy's barriers are those in none of its values.
# Scripts and URLs are full of them.
BARRIERS = "\"',;!?&|`$*^~\\"
_PERCENT_ESCAPE = re.compile(r"%[0-9A-Fa-f]{2}")


@functools.lru_cache(maxsize=16)
def _barriers(allowed_values: tuple[str, ...]) -> tuple[str, re.Pattern[str] | None]:
    """The barriers under a policy's allowed values, and a pattern finding any of them."""
    chars = "".join(c for c in BARRIERS if not any(c in value for value in allowed_values))
    return chars, (re.compile("[" + re.escape(chars) + "]") if chars else None)


def _percent_decoded(data: str, policy: PrivacyPolicy | None = None) -> list[str]:
    """Each stretch of ``data`` between barriers that holds a percent-escape, decoded.

    With ``data`` itself they have the findings of ``data`` and ``unquote(data)``
    together: a stretch of ``unquote(data)`` that no escape was decoded into is a
    stretch of ``data``, between the same barriers, with the same findings.  So a 5 MB
    script with a few escapes in it is scanned once, not twice.  (No escape spans a
    barrier, so each stretch decodes as it does inside the whole.)
    """
    chars, pattern = _barriers(policy.allowed_values if policy else ())
    if pattern is None:
        return [unquote(data)]
    stretches = []
    end = 0  # where the last stretch ended (at a barrier, or the text's end)
    for escape in _PERCENT_ESCAPE.finditer(data):
        if escape.start() < end:
            continue
        # After the last barrier before the escape (the one that ended the last stretch, if any).
        start = max(data.rfind(barrier, end, escape.start()) + 1 for barrier in chars)
        after = pattern.search(data, escape.end())
        end = after.start() if after else len(data)
        stretches.append(unquote(data[start:end]))
    return stretches


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
    """The kinds of personal data in one built text file (``name`` gives its text kind), in :data:`KINDS` order."""
    return _kinds_of_texts(output_texts(data, name, policy), policy, today)


def _kinds_of_texts(
    texts: Iterable[str], policy: PrivacyPolicy | None = None, today: datetime.date | None = None
) -> list[str]:
    policy = policy or PrivacyPolicy()
    texts = list(dict.fromkeys(texts))  # a repeated text adds no kind
    if any(_TEXT_SEPARATOR in value for value in policy.allowed_values):
        found = {kind for text in texts for kind in kinds_found(text, policy, today, generated=True)}
        return [kind for kind in KINDS if kind in found]
    return kinds_found(_TEXT_SEPARATOR.join(texts), policy, today, generated=True)


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
        code_hash(__name__),  # with what it imports: what the scan reads of a video (videometa)
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
        isinstance(kinds, list) and all(kind in (*KINDS, VIDEO_METADATA) for kind in kinds)
        for kinds in entries.values()
    ):
        return {}
    return entries


def _output_files(folder: str) -> Iterator[tuple[str, str, str | None]]:
    """``(relative path, name, full path)`` of every entry of ``folder`` but its folders, with
    ``None`` for the full path of anything not a regular file (a symlink, to a folder too, or a
    fifo): the scan reports those, never follows them.

    ``os.scandir`` tells each entry's type from the directory listing, without a ``stat`` per
    file.  A folder inside ``folder`` that cannot be listed is such an entry too (fail closed:
    what cannot be listed cannot be scanned); ``folder`` itself missing gives nothing.
    """
    pending = [(folder, "")]
    while pending:
        path, prefix = pending.pop()
        try:
            with os.scandir(path) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            if prefix:
                yield prefix.rstrip("/"), os.path.basename(path), None
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                pending.append((entry.path, prefix + entry.name + "/"))
            else:
                regular = entry.is_file(follow_symlinks=False)
                yield prefix + entry.name, entry.name, (entry.path if regular else None)


def scan_output_tree(
    folder: str,
    policy: PrivacyPolicy | None = None,
    today: datetime.date | None = None,
    cache: str | None = None,
) -> list[tuple[str, str]]:
    """``(relative path, kind)`` for every file in ``folder`` that contains personal data.

    Every file is read (:func:`read_output_file`): pages, feeds, JSON, calendars,
    scripts, generated configuration, precompressed copies, the Pagefind index
    and image metadata.  A file that cannot be read (an unknown type, damaged
    data, a symlink) is reported with the kind :data:`UNREADABLE`: the scan
    fails closed.  With ``cache`` (a folder), file contents scanned before under
    the same policy, date and code are not scanned again; a precompressed copy
    is looked up by the bytes it decompresses to, so it costs one decompression.
    """
    scan = OutputScan(policy, today, cache)
    problems = scan.scan(folder)
    scan.save()
    return problems


# Unscanned bytes above which a scan takes a second core (a cold build's 250 MB at 5,000
# articles); below, starting a process costs more than it saves.
PARALLEL_BYTES = 16 * 1024 * 1024


class OutputScan:
    """The second pass over a built tree, with what it found by each file's bytes.

    The build scans its staging folder twice with one of these: while Pagefind
    indexes the site (every file but the index being written, :func:`wfu.build.build`),
    then at the end over every file, when a file whose bytes were scanned costs a
    read and a hash.  With ``cache`` (a folder) the results of the last scan are
    kept for the next build.  When many bytes are new (a cold build), half of them
    are scanned in a second process (:data:`PARALLEL_BYTES`); if that process fails,
    its share is scanned here (fail closed: nothing is skipped).
    """

    def __init__(
        self,
        policy: PrivacyPolicy | None = None,
        today: datetime.date | None = None,
        cache: str | None = None,
    ) -> None:
        self.policy = policy or PrivacyPolicy()
        self.today = today or clock_today()
        self.cache = cache
        self.context = _scan_context(self.policy, self.today)
        self.known = _read_scan_cache(cache) if cache else {}
        self.scanned: dict[str, list[str]] = {}
        self.last: set[str] = set()  # the keys of the last scan: what the cache keeps

    def scan(
        self,
        folder: str,
        skip: Iterable[str] = (),
        busy: Callable[[], bool] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> list[tuple[str, str]]:
        """``(relative path, kind)`` of every file of ``folder`` with personal data, sorted by path.

        ``skip``: folders of ``folder`` (their names) left out, for a scan while they are written.
        ``busy``: true while another process uses the second core (Pagefind): no second scanning
        process is started before it is false (three processes would only add up their memory).
        ``stop``: true when the scan's result is no longer needed (the build failed meanwhile):
        it returns at once with nothing (a scan beside Pagefind; the last scan is never stopped).
        """
        skipped = tuple(f"{posixpath.normpath(name.replace(os.sep, '/')).strip('/')}/" for name in skip)
        problems: list[tuple[str, str]] = []
        files: list[tuple[str, str]] = []  # (relative path, key of its bytes)
        pending: dict[str, tuple[str, str, int]] = {}  # key -> (full path, name, size): not scanned yet
        for relative, name, full in _output_files(folder):
            if relative.startswith(skipped):
                continue
            if stop is not None and stop():
                return []
            try:
                if full is None:
                    raise UnreadableOutput("not a regular file")
                with open(full, "rb") as handle:
                    raw = handle.read()
                key = self._key(raw, name)
            except (UnreadableOutput, OSError):  # gone or unreadable since listed: fail closed
                problems.append((relative, UNREADABLE))
                continue
            if key not in self.scanned:
                known = self.known.get(key)
                if known is not None:
                    self.scanned[key] = known
                else:
                    pending.setdefault(key, (full, name, len(raw)))
            files.append((relative, key))
        self.scanned.update(
            (key, kinds)
            for key, kinds in self._scan_pending(pending, busy, stop).items()
            if kinds is not None
        )
        if stop is not None and stop():
            return []
        self.last = set()
        for relative, key in files:
            kinds = self.scanned.get(key)
            if kinds is None:  # unreadable when scanned (or changed since it was hashed)
                problems.append((relative, UNREADABLE))
                continue
            self.last.add(key)
            named = set(kinds) | set(
                kinds_found(unquote(relative), self.policy, self.today, generated=True)
            )  # a URL too
            problems += [(relative, kind) for kind in (*KINDS, VIDEO_METADATA) if kind in named]
        return sorted(problems, key=lambda problem: problem[0])

    def save(self) -> None:
        """Keep the last scan's results in the cache folder (if any) for the next build."""
        kept = {key: self.scanned[key] for key in self.last}
        if self.cache and kept != self.known:
            write_verified(
                os.path.join(self.cache, _SCAN_CACHE_FILE), json.dumps(kept, sort_keys=True).encode()
            )

    def _key(self, raw: bytes, name: str) -> str:
        return _content_key(self.context, raw, name)[0]

    def _scan_pending(
        self,
        pending: dict[str, tuple[str, str, int]],
        busy: Callable[[], bool] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> dict[str, list[str] | None]:
        """Scan each file not scanned before: here, or half of the bytes in a second process."""
        results: dict[str, list[str] | None] = {}
        if busy is not None:  # one file at a time here while the other core is taken
            pending = dict(pending)
            while pending and busy():
                if stop is not None and stop():
                    return results
                key, (full, name, _) = pending.popitem()
                results.update(_scan_files([(key, full, name)], self.context, self.policy, self.today))
        if stop is not None and stop():
            return results
        items = [(key, full, name) for key, (full, name, _) in pending.items()]
        total = sum(size for _, _, size in pending.values())
        if total < PARALLEL_BYTES or (os.cpu_count() or 1) < 2 or len(items) < 2:
            results.update(_scan_files(items, self.context, self.policy, self.today))
            return results
        import concurrent.futures
        import multiprocessing

        # Largest first, each to the share with fewer bytes: two shares of about equal work.
        shares: tuple[list[tuple[str, str, str]], list[tuple[str, str, str]]] = ([], [])
        sizes = [0, 0]
        for key, (full, name, size) in sorted(pending.items(), key=lambda item: -item[1][2]):
            lighter = 0 if sizes[0] <= sizes[1] else 1
            shares[lighter].append((key, full, name))
            sizes[lighter] += size
        # "spawn": a fresh interpreter with this module only (a fork would copy the build's memory).
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
            there = pool.submit(_scan_files, shares[1], self.context, self.policy, self.today)
            results.update(_scan_files(shares[0], self.context, self.policy, self.today))
            try:
                results.update(there.result())
            except Exception:  # the process died or could not start: its share is scanned here
                results.update(_scan_files(shares[1], self.context, self.policy, self.today))
        return results


def _decompressed(raw: bytes, name: str) -> tuple[bytes, str]:
    """A precompressed copy as the file it compresses (its bytes and name); any other file as it is."""
    kind = _text_kind(name)
    if kind not in ("gzip", "brotli"):
        return raw, name
    inner = name[: -len(_suffix(name))]
    if _text_kind(inner) in ("unknown", "gzip", "brotli"):
        raise UnreadableOutput(inner)
    return (_gunzip(raw) if kind == "gzip" else _unbrotli(raw)), inner


def _content_key(context: str, raw: bytes, name: str) -> tuple[str, bytes, str]:
    """The key of a file's findings (the scan's context, its text kind and its decompressed bytes),
    with those bytes and the name they are read under."""
    raw, name = _decompressed(raw, name)
    return cache_key(context, _text_kind(name), hashlib.sha256(raw).digest()), raw, name


def _scan_files(
    items: list[tuple[str, str, str]], context: str, policy: PrivacyPolicy, today: datetime.date
) -> dict[str, list[str] | None]:
    """The kinds found in each ``(key, full path, name)``; ``None`` for a file that cannot be read
    or whose bytes are no longer those of ``key`` (fail closed).  Runs in either process."""
    results: dict[str, list[str] | None] = {}
    for key, full, name in items:
        try:
            with open(full, "rb") as handle:
                now, raw, inner = _content_key(context, handle.read(), name)
            if now != key:
                raise UnreadableOutput("changed while scanned")
            kind = _text_kind(inner)
            found = _kinds_of_texts(read_output_file(raw, inner, policy), policy, today)
            if kind == "video" and _video_leaks(raw):
                found = [*found, VIDEO_METADATA]
        except (UnreadableOutput, OSError):
            found = None
        results[key] = found
    return results
