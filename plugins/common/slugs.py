"""URL slugs: short, ASCII and stable, because WeChat articles link to them forever.

Chinese titles become pinyin with pypinyin's phrase dictionary (so 重庆 is
chong-qing and 重要 zhong-yao).  The same title always gives the same slug,
and ``invoke new`` writes the slug into the front matter so that later title
edits never move a published URL.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .pinyin import pinyin_words

MAX_SLUG_LENGTH = 60
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


@lru_cache(maxsize=4096)
def slugify(text: str, max_length: int = MAX_SLUG_LENGTH) -> str:
    """Return the pinyin slug of ``text`` (lowercase ASCII words joined by ``-``).

    Memoised: a site has a few dozen tags on thousands of articles, and pypinyin's
    phrase lookup is the costly part (a pure function of its arguments, so safe);
    the words come from :func:`plugins.common.pinyin.pinyin_words`, remembered
    between builds.  Latin letters and digits are kept as they are.
    """
    words = pinyin_words(text)
    slug = _NON_ALNUM.sub("-", " ".join(words).lower()).strip("-")
    if len(slug) > max_length:
        cut = slug[: max_length + 1]
        slug = cut.rsplit("-", 1)[0] if "-" in cut else cut[:max_length]
    return slug[:max_length].strip("-")


def is_valid_slug(slug: str, max_length: int = MAX_SLUG_LENGTH) -> bool:
    return bool(SLUG_RE.match(slug)) and len(slug) <= max_length
