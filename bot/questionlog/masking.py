"""Personal data masked out of what people typed, before it is stored or shown in a report.

Everything that stores user text goes through `mask_personal_data`. It replaces, in this order
(placeholders match no pass; the passes repeat until nothing changes, since text glued to a
part can match only once that part is masked, so applying it twice changes nothing):

- links that name a person or carry credentials: URLs with a user name or password, WhatsApp
  (wa.me, api.whatsapp.com) and Telegram (t.me, telegram.me, tg://) links → `[url]`;
- credentials: the values of query-string parameters such as `?token=`, `&password=`,
  `api_key=` → `[secret]`, and Telegram bot tokens (`123456:AA...`) → `[secret]`;
- e-mail addresses, also disguised: `(at)`, `[at]`, `{at}`, `<at>`, `(ät)`, `(a)`, ` @ `, and
  `name at example dot fi` → `[email]`;
- IBANs (checked with mod 97) → `[iban]`; card numbers (13-19 digits, Luhn-checked) → `[card]`;
- Finnish personal identity codes, any case, with a separator (- + A-F U-Y) or, when the check
  character is right, without one → `[id]`;
- phone numbers: international (+, 00), national with the trunk prefix 0, an area code in
  parentheses, North American forms, and national numbers without a prefix: digit groups such
  as 40 123 4567, 495 123-45-67 or Russia's 8 800 555-35-35, or 9 to 12 digits in a row, but
  not when a currency sign or word stands next to them → `[phone]`;
- @usernames → `[username]`.

Kept: years and ranges of years, dates, times, counts, amounts with thousands separators,
statute numbers (123/2019), article numbers and other short numbers.
"""

from __future__ import annotations

import re

# -- links and credentials ----------------------------------------------------------------------

_URL_WITH_USERINFO = re.compile(r"\b[a-z][a-z0-9+.\-]*://[^\s/?#@]+@\S*", re.IGNORECASE)
_PERSON_LINK = re.compile(
    r"(?<![^\W\d_])(?:(?:https?://)?(?:www\.)?"
    r"(?:wa\.me|api\.whatsapp\.com|t\.me|telegram\.(?:me|dog))/|tg://)\S*",
    re.IGNORECASE,
)
_SECRET_PARAMETER = re.compile(
    r"(?:(?<=[?&;#])|(?<![\w.-])(?=(?:password|passwd|pwd|token|secret|api_?key)=))"
    r"((?:access_|refresh_|id_|auth_|api_|client_)?"
    r"(?:token|password|passwd|pwd|pass|secret|api_?key|key|auth|authorization|sig|signature"
    r"|session|session_?id|sid|code|otp|pin|user|username|login)=)"
    r"(?!\[secret\])[^\s&#\[\]<>\"']+",
    re.IGNORECASE,
)
_BOT_TOKEN = re.compile(r"(?<![\w:])\d{5,20}:[A-Za-z0-9_-]{25,100}(?![A-Za-z0-9_-])")

# -- e-mail addresses ---------------------------------------------------------------------------

_EMAIL_LOCAL_CHARS = r"[\w.!#$%&'*+/=?^`{|}~-]"
_EMAIL = re.compile(  # the lookbehind starts a local part only where its run of characters does
    rf"(?<!{_EMAIL_LOCAL_CHARS}){_EMAIL_LOCAL_CHARS}+@[^\W_](?:[\w-]*\w)?(?:\.[^\W_](?:[\w-]*\w)?)*"
)
_LABEL = r"[^\W_](?:[\w-]*[^\W_])?"
_DOT = r"(?:\s*[(\[{<]\s*(?:dot|piste)\s*[)\]}>]\s*|\s+(?:dot|piste)\s+|\.)"
_DOMAIN = rf"{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}[^\W\d_]{{2,24}}(?![^\W\d_])"
# a local part starts a word, or follows a "-" that is not inside a word ("[email]-matti(at)...")
_LOCAL = r"(?<![\w.+])(?<![\w.+]-)\w[\w+-]*(?:\.[\w+-]+)*"
_DISGUISED_EMAIL = re.compile(
    rf"{_LOCAL}(?:\s*[(\[{{<]\s*(?:at|ät)\s*[)\]}}>]\s*|\(a\)|\s+@\s*|\s*@\s+){_DOMAIN}",
    re.IGNORECASE,
)
_SPELLED_EMAIL = re.compile(rf"({_LOCAL})\s+at\s+({_DOMAIN})", re.IGNORECASE)
# words before " at example.fi" that make it a sentence, not an address
_NOT_A_MAILBOX = frozenset(
    """a an the i me you he she it we they us him her them this that these those here there
    is are was were be been being am and or but not more also only all available based
    published posted online found find read see seen look looked looking live lives lived
    work works worked working stay stayed staying study studied meet met meeting held arrive
    arrived located information news details""".split()
)

# -- account and card numbers -------------------------------------------------------------------

_IBAN = re.compile(
    r"(?<![^\W\d_])[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![^\W_])", re.IGNORECASE
)
# printed whole, or in groups after a first group of four: 4-4-4-4, 4-6-5 (Amex), 4-6-4
_CARD = re.compile(r"(?<![\d+])[2-6]\d{3}(?:\d{9,15}|(?:[ -]\d{4,6}){2,4})(?![\d])")

# -- Finnish personal identity codes ------------------------------------------------------------

_PERSONAL_ID = re.compile(r"\b\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]\b", re.IGNORECASE)
_PERSONAL_ID_UNSEPARATED = re.compile(r"\b\d{9}[0-9A-Y]\b", re.IGNORECASE)
_ID_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"

# -- phone numbers ------------------------------------------------------------------------------

# A run of digits and the separators people put in phone numbers, taken whole (possessive: a
# number glued to the next word is not cut short); `_is_phone` decides. Not inside a word; a
# "+" may follow a digit (the end of the number before it).
_PHONE_CANDIDATE = re.compile(
    r"(?:(?<![^\W\d])(?<!\+)\+\s?|(?<![\w+])\(\s?|(?<![\w+]))"
    r"\d(?:[ \t\u00a0\u202f().\-–/]*\d)*+(?!@)"
)
_NANP = re.compile(r"(?:\+?1[ .\-]?)?\(?\d{3}\)?[ .\-]?\d{3}[ .\-]\d{4}")
_MOMENT = (
    r"(?:\d{1,2}[./\-]\d{1,2}[./\-](?:\d{4}|\d{2})"  # 1.3.2024, 01/03/24
    r"|\d{1,2}\.\s?\d{1,2}\.\s?\d{4}"  # 1. 3. 2024
    r"|\d{4}[./\-]\d{1,2}[./\-]\d{1,2}"  # 2024-03-01
    r"|\d{1,2}[.:]\d{2}"  # 9:30, 18.30
    r"|(?:1[5-9]|20)\d{2}"  # a year
    r"|\d{1,2}\.\d{1,2}\.?)"  # 1.3.
)
_MOMENTS = re.compile(rf"{_MOMENT}(?:\s*[-–—/]\s*{_MOMENT})*")  # one, or a range of them
_AMOUNT = re.compile(r"\d{1,3}(?:[ \u00a0\u202f.]\d{3})+(?:[.,]\d{1,2})?")  # 1 000 000, 2.500.000
_YEAR = re.compile(r"(?:1[5-9]|20)\d{2}")
_STATUTE = re.compile(r"\d{1,5}/(?:1[5-9]|20)\d{2}")  # Act 123/2019
_YEAR_THEN_COUNT = re.compile(r"(?:1[5-9]|20)\d{2}\s+\d{1,3}(?:\s\d{3})*")  # in 2023 1 500 people
_RANGE = re.compile(r"\s*[–—]\s*|\s+-\s+")  # 10 000–20 000, 3 500 - 4 000
_CURRENCY_BEFORE = re.compile(r"(?:[€$£]|\b(?:eur|usd|rub|sek))\s?$", re.IGNORECASE)
_UNIT_AFTER = re.compile(
    r"^\s?(?:[€$£%‰]|(?:eur|euros?|usd|dollars?|rub|rubles?|roubles?|sek|kr)\b)", re.IGNORECASE
)
_AREA_CODE = re.compile(r"\(\s?\d{2,5}\s?\)")
_GROUPS = re.compile(r"\d+")
_NOT_DIGIT = re.compile(r"\D")

# -- user names ---------------------------------------------------------------------------------

_USERNAME = re.compile(r"(?<![\w@])@[A-Za-z]\w{1,31}\b")

# What every pass above needs at least one of: a digit, "@", ":" (a link's scheme), "=" (a
# parameter), "at" or "ät" as a word, "(a)", or a messenger's name. Most questions have none,
# and are then kept as they are without running the passes (a tenth of the cost).
_MAYBE_PERSONAL = re.compile(r"[\d@:=]|\b(?:at|ät)\b|\(a\)|wa\.me|t\.me|whatsapp|telegram", re.I)


def mask_personal_data(text: str) -> str:
    """`text` with personal data and credentials replaced by `[url]`, `[secret]`, `[email]`,
    `[iban]`, `[card]`, `[id]`, `[phone]` and `[username]` (see the module's docstring). Short
    numbers (years, counts, dates, times, amounts) are kept. Applying it twice changes nothing
    more."""
    if not _MAYBE_PERSONAL.search(text):
        return text
    while True:  # text glued to a masked part can match only once that part is masked
        masked = _mask_once(text)
        if masked == text:
            return masked
        text = masked


def _mask_once(text: str) -> str:
    text = _URL_WITH_USERINFO.sub("[url]", text)
    text = _PERSON_LINK.sub("[url]", text)
    text = _SECRET_PARAMETER.sub(r"\1[secret]", text)
    text = _BOT_TOKEN.sub("[secret]", text)
    text = _EMAIL.sub("[email]", text)
    text = _DISGUISED_EMAIL.sub("[email]", text)
    text = _SPELLED_EMAIL.sub(_mask_spelled_email, text)
    text = _IBAN.sub(_mask_iban, text)
    text = _CARD.sub(_mask_card, text)
    text = _PERSONAL_ID.sub("[id]", text)
    text = _PERSONAL_ID_UNSEPARATED.sub(_mask_unseparated_id, text)
    text = _PHONE_CANDIDATE.sub(_mask_phone, text)
    return _USERNAME.sub("[username]", text)


def is_valid_iban(text: str) -> bool:
    """An IBAN whose check digits are right (ISO 13616: mod 97 of the rearranged number is 1)."""
    compact = text.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def luhn_ok(digits: str) -> bool:
    """The Luhn check that every payment card number passes."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_valid_personal_id(text: str) -> bool:
    """A Finnish personal identity code (with or without its separator) whose day, month and
    check character are right."""
    compact = text.upper()
    if len(compact) == 11:
        compact = compact[:6] + compact[7:]
    if not re.fullmatch(r"\d{9}[0-9A-Y]", compact):
        return False
    day, month = int(compact[:2]), int(compact[2:4])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    return _ID_CHECK[int(compact[:9]) % 31] == compact[9]


def _mask_spelled_email(match: re.Match[str]) -> str:
    local, domain = match.group(1), match.group(2)
    if local.lower() in _NOT_A_MAILBOX or domain.lower().startswith("www."):
        return match.group(0)
    return "[email]"


def _mask_iban(match: re.Match[str]) -> str:
    return "[iban]" if is_valid_iban(match.group(0)) else match.group(0)


def _mask_card(match: re.Match[str]) -> str:
    candidate = match.group(0)
    digits = _NOT_DIGIT.sub("", candidate)
    if _AMOUNT.fullmatch(candidate) or not 13 <= len(digits) <= 19 or not luhn_ok(digits):
        return candidate
    return "[card]"


def _mask_unseparated_id(match: re.Match[str]) -> str:
    return "[id]" if is_valid_personal_id(match.group(0)) else match.group(0)


def _mask_phone(match: re.Match[str]) -> str:
    candidate = match.group(0)
    if not _is_phone(candidate):
        return candidate
    if candidate[0].isdigit() and candidate[0] not in "08" and _is_amount_in_context(match):
        return candidate  # EUR 150000000, 401234567 €
    if candidate.startswith("(") and ")" not in candidate:
        return "([phone]"  # the parenthesis belongs to the sentence: "(call 040 123 4567)"
    return "[phone]"


def _is_phone(candidate: str) -> bool:
    """International (+ or 00), national with the trunk prefix 0 or an area code in
    parentheses, North American forms, and national numbers without a prefix (Russia's trunk
    prefix 8 is one of their digit groups); not dates, times, years, amounts, statute numbers
    or counts."""
    core = candidate.strip("( \t")
    digits = _NOT_DIGIT.sub("", candidate)
    if _MOMENTS.fullmatch(core) or _STATUTE.fullmatch(core):
        return False
    if candidate.startswith("+"):
        return 7 <= len(digits) <= 16  # 15 for E.164, plus a "(0)" trunk prefix
    if digits.startswith("00"):
        return 9 <= len(digits) <= 17
    if digits.startswith("0"):
        return 7 <= len(digits) <= 12
    if _AMOUNT.fullmatch(core) or _YEAR_THEN_COUNT.fullmatch(core) or _is_range(core):
        return False
    if _NANP.fullmatch(candidate) or (_AREA_CODE.search(candidate) and 7 <= len(digits) <= 12):
        return True
    return _is_national_without_prefix(core, digits)


def _is_range(core: str) -> bool:
    """Amounts or short numbers joined by a dash: 10 000–20 000, 10 000-20 000, 100 – 150 000."""
    parts = _RANGE.split(core)
    if len(parts) > 1:
        return all(_AMOUNT.fullmatch(part) or re.fullmatch(r"\d{1,4}", part) for part in parts)
    parts = core.split("-")
    return len(parts) > 1 and all(_AMOUNT.fullmatch(part) for part in parts)


def _is_amount_in_context(match: re.Match[str]) -> bool:
    """A currency sign or word just before or after the number."""
    text = match.string
    before = text[max(0, match.start() - 5) : match.start()]
    return bool(_CURRENCY_BEFORE.search(before) or _UNIT_AFTER.match(text[match.end() :]))


def _is_national_without_prefix(core: str, digits: str) -> bool:
    """40 123 4567, 9 1234 5678, 495 123-45-67, 123-45-67; or 9 to 12 digits in a row."""
    groups = _GROUPS.findall(core)
    if len(groups) == 1:
        return 9 <= len(digits) <= 12
    if not 7 <= len(digits) <= 12 or len(groups) > 5:
        return False
    if all(_YEAR.fullmatch(group) for group in groups):
        return False  # years side by side
    return len(groups[0]) <= 4 and max(len(group) for group in groups) >= 3
