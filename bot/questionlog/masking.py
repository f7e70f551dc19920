"""Personal data masked out of what people typed, before it is stored or shown in a report.

Everything that stores user text goes through `mask_personal_data`: e-mail addresses, phone
numbers, Finnish personal identity codes, @usernames and URLs carrying user names or passwords
become `[email]`, `[phone]`, `[id]`, `[username]` and `[url]`. Applying it twice changes nothing.
"""

from __future__ import annotations

import re

_URL_WITH_USERINFO = re.compile(r"\b[a-z][a-z0-9+.\-]*://[^\s/?#@]+@\S*", re.IGNORECASE)
_EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[^\W_](?:[\w-]*\w)?(?:\.[^\W_](?:[\w-]*\w)?)*")
_PERSONAL_ID = re.compile(r"\b\d{6}[-+ABCDEFUVWXY]\d{3}[0-9A-Y]\b")  # Finnish henkilötunnus
_USERNAME = re.compile(r"(?<![\w@])@[A-Za-z]\w{1,31}\b")
# A run of digits and the separators people put in phone numbers; `_is_phone` decides.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|\(\s?)?\d[\d \t().\-–/]*\d(?![\w@])")
_NANP = re.compile(r"(?:\+?1[ .\-]?)?\(?\d{3}\)?[ .\-]?\d{3}[ .\-]\d{4}")
_DATE = re.compile(
    r"\d{1,2}[./\-]\d{1,2}[./\-](?:\d{2}|\d{4})|\d{4}[./\-]\d{1,2}[./\-]\d{1,2}"
    r"|\d{1,2}[.:]\d{2}(?:\s?[\-–]\s?\d{1,2}[.:]\d{2})?"  # times and time ranges: 9.00-10.30
)
_NOT_DIGIT = re.compile(r"\D")


def mask_personal_data(text: str) -> str:
    """`text` with e-mail addresses, phone numbers, Finnish personal identity codes, @usernames
    and URLs with user information replaced by `[email]`, `[phone]`, `[id]`, `[username]` and
    `[url]`. Short numbers (years, counts, dates, times) are kept. Applying it twice changes
    nothing more."""
    text = _URL_WITH_USERINFO.sub("[url]", text)
    text = _EMAIL.sub("[email]", text)
    text = _PERSONAL_ID.sub("[id]", text)
    text = _PHONE_CANDIDATE.sub(_mask_phone, text)
    return _USERNAME.sub("[username]", text)


def _mask_phone(match: re.Match[str]) -> str:
    candidate = match.group(0)
    if not _is_phone(candidate):
        return candidate
    if candidate.startswith("(") and ")" not in candidate:
        return "([phone]"  # the parenthesis belongs to the sentence: "(call 040 123 4567)"
    return "[phone]"


def _is_phone(candidate: str) -> bool:
    """International (+ or 00), local (trunk prefix 0, or an area code in parentheses) and North
    American forms; not dates, times, years, amounts or counts."""
    core = candidate.strip("( \t")
    digits = _NOT_DIGIT.sub("", candidate)
    if _DATE.fullmatch(core):
        return False
    if candidate.startswith("+"):
        return 7 <= len(digits) <= 16  # 15 for E.164, plus a "(0)" trunk prefix
    if digits.startswith("00"):
        return 9 <= len(digits) <= 17
    if digits.startswith("0"):
        return 7 <= len(digits) <= 12
    return _NANP.fullmatch(candidate) is not None
