"""Public contact details: office phones and e-mails only.

The policy requires alumni's personal information to stay confidential, so
contact fields accept office numbers and institutional addresses and reject
what looks personal (mobile numbers, free personal mailboxes).
"""

from __future__ import annotations

import re

# 0536-8785000, 0536-878xxxx (sample), 010-12345678, 0536-8785000转801
OFFICE_PHONE = re.compile(r"^0\d{2,3}-[\dx]{7,8}(?:(?:转|-)\d{1,5})?$")
MOBILE_PHONE = re.compile(r"^(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}$")
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


def phone_problem(value: str) -> tuple[str, str] | None:
    """``(key, Chinese message)`` if ``value`` is not a public office number."""
    text = value.strip()
    if MOBILE_PHONE.match(text):
        return "private-contact", f"“{text}”像是手机号码：为保护个人信息，只能填写办公电话，例如 0536-8785000"
    if not OFFICE_PHONE.match(text):
        return "invalid-phone", f"电话“{text}”格式不对：请写成 区号-号码，例如 0536-8785000"
    return None


def email_problem(value: str) -> tuple[str, str] | None:
    """``(key, Chinese message)`` if ``value`` is not an institutional address."""
    text = value.strip()
    if not EMAIL.match(text):
        return "invalid-email", f"邮箱“{text}”格式不对，例如 xiaoyou@example.edu.cn"
    if text.rsplit("@", 1)[1].lower() in PERSONAL_MAIL_DOMAINS:
        return "private-contact", f"“{text}”是个人邮箱：为保护个人信息，只能填写单位的公共邮箱"
    return None


# A mobile number or any e-mail address inside free text (bodies, summaries, requirements).
MOBILE_IN_TEXT = re.compile(r"(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)")
EMAIL_IN_TEXT = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9.-]+\.[A-Za-z]{2,})")


def private_contacts_in_text(text: str) -> list[tuple[int, str, str]]:
    """``(offset, key, Chinese message)`` for each mobile number or personal mailbox in ``text``.

    Free text is where personal data slips in unnoticed ("联系人：张老师 139…"),
    so every new free-text field is scanned, not only the contact fields.
    """
    found = [
        (
            m.start(),
            "private-contact",
            f"“{m.group(0)}”像是手机号码：为保护个人信息，不能公开个人电话，请改为办公电话或单位公共邮箱",
        )
        for m in MOBILE_IN_TEXT.finditer(text)
    ]
    found += [
        (m.start(), "private-contact", f"“{m.group(0)}”是个人邮箱：为保护个人信息，只能填写单位的公共邮箱")
        for m in EMAIL_IN_TEXT.finditer(text)
        if m.group(1).lower() in PERSONAL_MAIL_DOMAINS
    ]
    return sorted(found)
