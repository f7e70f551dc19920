"""Personal data masked out of questions: one table of what is masked, one of what is kept.

Every row is also masked twice: a second pass changes nothing.
"""

from __future__ import annotations

import pytest

from bot.questionlog.masking import is_valid_iban, is_valid_personal_id, luhn_ok, mask_personal_data

MASKED = [
    # international phone numbers
    ("call +358 40 123 4567 today", "call [phone] today"),
    ("+358401234567", "[phone]"),
    ("+358-40-123-4567", "[phone]"),
    ("+358 (0)40 123 4567", "[phone]"),
    ("+358 40 123 45 67", "[phone]"),
    ("00358 40 123 4567", "[phone]"),
    ("+44 20 7946 0958", "[phone]"),
    ("+7 495 123-45-67", "[phone]"),
    ("+7 (495) 123-45-67", "[phone]"),
    ("+1 (555) 123-4567", "[phone]"),
    ("+1-202-555-0143", "[phone]"),
    ("+49 30 12345678", "[phone]"),
    ("the contact +358 2951 50131?", "the contact [phone]?"),
    ("tel. + 358 0295 250 314, or", "tel. [phone], or"),
    # national numbers with a trunk prefix, area codes in parentheses, North American forms
    ("my number is 040-123 4567.", "my number is [phone]."),
    ("040 1234567", "[phone]"),
    ("0401234567", "[phone]"),
    ("040.123.4567", "[phone]"),
    ("puh. 09 160 67501", "puh. [phone]"),
    ("office (09) 1234 5678", "office [phone]"),
    ("09 1234 5678", "[phone]"),
    ("09-123 4567", "[phone]"),
    ("(call 040 123 4567)", "(call [phone])"),
    ("reach me (040 123 4567)", "reach me ([phone])"),
    ("020 7946 0958", "[phone]"),
    ("(555) 123-4567", "[phone]"),
    ("555-123-4567", "[phone]"),
    ("555.123.4567", "[phone]"),
    ("1-800-555-0199", "[phone]"),
    # national numbers without a prefix
    ("call me on 40 123 4567", "call me on [phone]"),
    ("my mobile is 401234567", "my mobile is [phone]"),
    ("ring 9 1234 5678", "ring [phone]"),
    ("the press line 2951 50131", "the press line [phone]"),
    ("495 123-45-67", "[phone]"),
    ("(495) 123-45-67", "[phone]"),
    ("tel 123-45-67", "tel [phone]"),
    ("4951234567 is my number", "[phone] is my number"),
    # Russian numbers with the trunk prefix 8
    ("8 (495) 123-45-67", "[phone]"),
    ("8(495)123-45-67", "[phone]"),
    ("8-495-123-45-67", "[phone]"),
    ("8 495 123 45 67", "[phone]"),
    ("8 495 1234567", "[phone]"),
    ("84951234567", "[phone]"),
    ("8 800 555 35 35", "[phone]"),
    ("звоните 8 (812) 555-12-34", "звоните [phone]"),
    # e-mail addresses, plain and disguised
    ("matti.virtanen@example.fi", "[email]"),
    ("Write to MATTI@EXAMPLE.COM.", "Write to [email]."),
    ("first+tag@example.co.uk, please", "[email], please"),
    ("jyrki.häkkinen@esimerkki.fi", "[email]"),
    ("mailto:john@example.com", "mailto:[email]"),
    ("matti(at)example.fi", "[email]"),
    ("matti (at) example.fi", "[email]"),
    ("MATTI(AT)EXAMPLE.FI", "[email]"),
    ("matti[at]example.fi", "[email]"),
    ("matti [at] example [dot] fi", "[email]"),
    ("matti{at}example.fi", "[email]"),
    ("matti<at>example.fi", "[email]"),
    ("matti(ät)example.fi", "[email]"),
    ("matti(at)example(dot)fi", "[email]"),
    ("write matti at example dot fi", "write [email]"),
    ("mail matti.virtanen at om.fi please", "mail [email] please"),
    ("matti @ example.fi", "[email]"),
    ("matti.virtanen(a)example.fi", "[email]"),
    # Finnish personal identity codes
    ("my id is 131052-308T", "my id is [id]"),
    ("131052-308t", "[id]"),
    ("131052308T", "[id]"),
    ("hetu 131052308t please", "hetu [id] please"),
    ("010594Y9032", "[id]"),
    ("010594y9032", "[id]"),
    ("020300a963s", "[id]"),
    ("Born 311299+951W", "Born [id]"),
    # IBANs (checked with mod 97)
    ("FI21 1234 5600 0007 85", "[iban]"),
    ("FI2112345600000785", "[iban]"),
    ("fi21 1234 5600 0007 85", "[iban]"),
    ("pay to DE89 3704 0044 0532 0130 00 today", "pay to [iban] today"),
    ("GB82 WEST 1234 5698 7654 32", "[iban]"),
    ("account: GB82WEST12345698765432.", "account: [iban]."),
    # card numbers (checked with Luhn)
    ("card 4111 1111 1111 1111", "card [card]"),
    ("4111-1111-1111-1111", "[card]"),
    ("4111111111111111", "[card]"),
    ("my visa 4012888888881881 expires", "my visa [card] expires"),
    ("amex 3782 822463 10005", "amex [card]"),
    ("5555 5555 5555 4444.", "[card]."),
    # links that name a person: WhatsApp, Telegram
    ("wa.me/358401234567", "[url]"),
    ("https://wa.me/358401234567?text=hi", "[url]"),
    ("see https://api.whatsapp.com/send?phone=358401234567", "see [url]"),
    ("t.me/aino_testila", "[url]"),
    ("https://t.me/+358401234567 is me", "[url] is me"),
    ("join t.me/joinchat/AAAAAEHbEkejzxUjAUCzYg", "join [url]"),
    ("telegram.me/matti_v", "[url]"),
    ("tg://resolve?domain=matti_v", "[url]"),
    # credentials: in URLs, in query strings, bot tokens
    ("see https://anna:hunter2@intra.example.fi/x?y=1 now", "see [url] now"),
    ("ftp://anna@files.example.org", "[url]"),
    (
        "https://example.fi/reset?token=abc123XYZ&lang=fi",
        "https://example.fi/reset?token=[secret]&lang=fi",
    ),
    (
        "https://example.fi/login?user=x&password=hunter2",
        "https://example.fi/login?user=[secret]&password=[secret]",
    ),
    ("?access_token=ya29.a0AfH6SM", "?access_token=[secret]"),
    ("&api_key=ZXhhbXBsZQ", "&api_key=[secret]"),
    ("my password=Hunter2! ok", "my password=[secret] ok"),
    ("is 123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw my token?", "is [secret] my token?"),
    ("bot 7012345678:AAE_abcdefghijklmnopqrstuvwxyz012345", "bot [secret]"),
    # user names and several kinds in one question
    ("ask @matti_virtanen about it", "ask [username] about it"),
    (
        "mail matti@example.fi or ring 040-123 4567 / +358 9 1234 5678",
        "mail [email] or ring [phone] / [phone]",
    ),
    (
        "I am 131052-308T, card 4111 1111 1111 1111, phone 8 (495) 123-45-67",
        "I am [id], card [card], phone [phone]",
    ),
    # glued together: a part can match only once the part before it is masked
    ("+358-40-123-4567matti(ät)example.fi", "[phone][email]"),
    ("matti(at)example.fi-matti [at] example [dot] fi", "[email]-[email]"),
    ("+358401234567+358401234567", "[phone][phone]"),
    ("call +358 9 1234 5678now", "call [phone]now"),
]

KEPT = [
    # years, decades, ranges of years
    "What happened in 2019?",
    "In 2019, 3 prisoners",
    "between 2019 and 2020",
    "2019-2020",
    "1990–1995",
    "in 2019 2020 and 2021",
    "(2019)",
    "the 1990s",
    "the 2024/2025 season",
    # dates and times
    "on 12.03.2024",
    "on 01.03.2024",
    "on 1.3.2024",
    "2024-03-01",
    "01/03/2024",
    "from 1.1.2024 to 31.12.2024",
    "1.1.2024-31.12.2024",
    "klo 09.00-10.30",
    "at 9:30",
    "10:00–11:30",
    "at 18.30 Moscow time",
    "March 1, 2024",
    "on 12.3. 2024",
    "UTC+3",
    # counts and amounts
    "3 prisoners were transferred",
    "150 people",
    "12 345 inmates",
    "1 000 000 euros",
    "1 000 000 inhabitants",
    "a population of 5 541 017",
    "100 000 000 people",
    "2 500 000 euros",
    "EUR 1 234 567.89",
    "€2,500,000",
    "1,000,000",
    "2.5 million",
    "0.5 %",
    "12,5 %",
    "In 2023 1 500 prisoners",
    "10 000–20 000 euros",
    "3 500 - 4 000",
    "EUR 150000000",
    "150000000 euros",
    "10 20 30 40",
    "3-4 days",
    "24/7",
    # references: articles, acts, versions, codes
    "Article 3(2)",
    "Section 12 (1)",
    "Act 123/2019",
    "decision 1234/2024",
    "HE 45/2023 vp",
    "COVID-19",
    "G7 and G20",
    "version 2.0",
    "ISO 8601",
    "is +358 the country code?",
    "is +7 Russia's code?",
    "room 4321",
    "ISBN 978-952-00-0000-0",
    "at 60.1699, 24.9384",
    # links and at-sentences that are not personal
    "https://valtioneuvosto.fi/en/-/1410853/minister-hakkanen",
    "see https://example.org/page?lang=en&id=5",
    "www.um.fi",
    "the meeting at Moscow",
    "they met at the Kremlin",
    "published at valtioneuvosto.fi",
    "look at um.fi",
    "more at www.oikeusministerio.fi",
    "who was @ the meeting?",
    "what is the ministry's e-mail address?",
    "at 10.30",
    "Who met whom?",
]


@pytest.mark.parametrize(("text", "masked"), MASKED)
def test_personal_data_is_masked(text: str, masked: str) -> None:
    assert mask_personal_data(text) == masked
    assert mask_personal_data(masked) == masked  # idempotent


@pytest.mark.parametrize("text", KEPT)
def test_numbers_and_words_that_are_not_personal_are_kept(text: str) -> None:
    assert mask_personal_data(text) == text


def test_the_table_is_large_enough() -> None:
    assert len(MASKED) + len(KEPT) >= 104
    assert len({text for text, _ in MASKED} | set(KEPT)) == len(MASKED) + len(KEPT)


@pytest.mark.parametrize(
    ("text", "masked"),
    [  # no digit, no "@": what lets a text past the quick test for anything personal
        ("write on wa.me/mattivirtanen please", "write on [url] please"),
        ("see api.whatsapp.com/send/mattiv", "see [url]"),
        ("open tg://resolve now", "open [url] now"),
        ("T.ME/mattiv", "[url]"),
        ("matti.virtanen(a)example.fi", "[email]"),
    ],
)
def test_links_and_addresses_without_a_digit_are_masked(text: str, masked: str) -> None:
    assert mask_personal_data(text) == masked


def test_checks_behind_the_masks() -> None:
    assert is_valid_iban("FI2112345600000785") and not is_valid_iban("FI2112345600000786")
    assert luhn_ok("4111111111111111") and not luhn_ok("4111111111111112")
    assert is_valid_personal_id("131052308T") and not is_valid_personal_id("131052308U")
    assert not is_valid_personal_id("321352308T")  # no 32nd day


@pytest.mark.parametrize(
    "text",
    [
        "FI21 1234 5600 0007 86",  # fails mod 97: not masked as an IBAN
        "4111 1111 1111 1112",  # fails Luhn: not masked as a card
        "131052308U",  # wrong check character: not an identity code
    ],
)
def test_numbers_that_fail_their_check_are_not_called_that(text: str) -> None:
    masked = mask_personal_data(text)
    assert "[iban]" not in masked and "[card]" not in masked and "[id]" not in masked
