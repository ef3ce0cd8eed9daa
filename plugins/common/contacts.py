"""Public contact details: office phones and e-mails only.

The policy requires alumni's personal information to stay confidential, so
contact fields accept office numbers and institutional addresses and reject
what looks personal (mobile numbers, free personal mailboxes).
"""

from __future__ import annotations

import re

from .privacy import KINDS, MOBILE, PERSONAL_EMAIL, PrivacyPolicy, find_personal_data, fold, normalise

# 0536-8785000, 0536-878xxxx (sample), 010-12345678, 0536-8785000转801
OFFICE_PHONE = re.compile(r"^0\d{2,3}-[\dx]{7,8}(?:(?:转|-)\d{1,5})?$")
MOBILE_PHONE = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}$")  # after normalising
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
PERSONAL_MAIL_DOMAINS = frozenset(
    {
        "qq.com",
        "foxmail.com",
        "163.com",
        "126.com",
        "yeah.net",
        "sina.com",
        "sina.cn",
        "sohu.com",
        "gmail.com",
        "hotmail.com",
        "outlook.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "139.com",
        "189.cn",
        "aliyun.com",
    }
)


class _AnyDomain(PrivacyPolicy):
    """A policy that leaves mailboxes to :func:`email_problem` (free providers are personal)."""

    def allows_domain(self, domain: str) -> bool:
        return True


_ANY_DOMAIN = _AnyDomain()


def _personal_kinds(text: str) -> list[str]:
    """The kinds of personal data in ``text`` that a contact field must not carry.

    The one detector (:mod:`plugins.common.privacy`) reads the normalised text,
    so "138​1234​5678" with zero-width spaces or "zhang(at)qq。com" are caught too.
    Any mailbox domain passes here (the build's privacy guard judges domains by
    the ``PRIVACY`` allowlist); free mailboxes are judged below.
    """
    found = {f.kind for f in find_personal_data(text, _ANY_DOMAIN)} - {PERSONAL_EMAIL}
    return [kind for kind in KINDS if kind in found]


def _free_mailbox(text: str) -> bool:
    """Whether ``text`` (normalised) holds an address at a free personal mail provider."""
    return any(m.group(1).lower() in PERSONAL_MAIL_DOMAINS for m in EMAIL_IN_TEXT.finditer(fold(text)))


def _private_message(kind: str, advice: str) -> str:
    # Never the value: build and CI logs are less protected than the content.
    return f"这里像是{kind}：为保护个人信息，{advice}"


def phone_problem(value: str) -> tuple[str, str] | None:
    """``(key, Chinese message)`` if ``value`` is not a public office number (never quoting it)."""
    text = fold(value.strip())
    kinds = _personal_kinds(text)
    if kinds or MOBILE_PHONE.match(text):
        return "private-contact", _private_message(
            kinds[0] if kinds else MOBILE, "只能填写办公电话，例如 0536-8785000"
        )
    if not OFFICE_PHONE.match(text):
        return "invalid-phone", "电话格式不对：请写成 区号-号码，例如 0536-8785000"
    return None


def email_problem(value: str) -> tuple[str, str] | None:
    """``(key, Chinese message)`` if ``value`` is not an institutional address (never quoting it)."""
    text = fold(value.strip())
    kinds = _personal_kinds(text)
    if kinds:
        return "private-contact", _private_message(kinds[0], "只能填写单位的公共邮箱")
    if not EMAIL.match(text):
        return "invalid-email", "邮箱格式不对，例如 xiaoyou@example.edu.cn"
    if text.rsplit("@", 1)[1].lower() in PERSONAL_MAIL_DOMAINS:
        return "private-contact", _private_message(PERSONAL_EMAIL, "只能填写单位的公共邮箱")
    return None


# Any e-mail address inside (normalised) free text.
EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def private_contacts_in_text(text: str) -> list[tuple[int, str, str]]:
    """``(offset, key, Chinese message)`` for each personal contact in ``text`` (never quoting it).

    Free text is where personal data slips in unnoticed ("联系人：张老师 139…"),
    so every new free-text field is scanned, not only the contact fields.
    Mobiles, QQ numbers and other personal data are found by the one detector;
    mailboxes count when they are at a free personal provider.
    """
    found = []
    for finding in find_personal_data(text, _ANY_DOMAIN):
        if finding.kind == PERSONAL_EMAIL:
            continue
        found.append(
            (
                finding.start,
                "private-contact",
                _private_message(finding.kind, "不能公开个人联系方式，请改为办公电话或单位公共邮箱"),
            )
        )
    folded, original = normalise(text)
    found += [
        (
            original(m.start()),
            "private-contact",
            _private_message(PERSONAL_EMAIL, "只能填写单位的公共邮箱"),
        )
        for m in EMAIL_IN_TEXT.finditer(folded)
        if m.group(1).lower() in PERSONAL_MAIL_DOMAINS
    ]
    return sorted(found)
