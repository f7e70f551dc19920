"""Phone numbers in E.164 (bot.ingest.phones): the printed digits kept, a country code added."""

from __future__ import annotations

import pytest

from bot.ingest.phones import PHONE, digits, to_phone
from bot.ingest.review import Review
from tests.ingest.conftest import VAARA, checked, contacts_of, ingest, notes_with


@pytest.mark.parametrize(
    ("printed", "home", "written", "e164"),
    [
        ("+358 50 421 0422", None, "+358 50 421 0422", "+358504210422"),
        ("+358  40\u00a0123 4567", None, "+358 40 123 4567", "+358401234567"),
        ("+358 (0)40 123 4567", None, "+358 40 123 4567", "+358401234567"),
        ("+358 (0)295 047 118", None, "+358 295 047 118", "+358295047118"),
        ("+ 358 0295 250 314", None, "+358 295 250 314", "+358295250314"),
        ("+358 0295 250 314", None, "+358 295 250 314", "+358295250314"),
        ("+44 20 7946 0000", None, "+44 20 7946 0000", "+442079460000"),
        ("00358 40 123 4567", None, "+358 40 123 4567", "+358401234567"),
        ("040 123 4567", "Finland", "+358 40 123 4567", "+358401234567"),
        ("123 4567", "Finland", "+358 123 4567", "+3581234567"),
        ("08 405 10 00", "Sweden", "+46 8 405 10 00", "+4684051000"),
        ("040 123 4567", None, "+358 40 123 4567", "+358401234567"),
        ("040 123 4567", "Canada", "+358 40 123 4567", "+358401234567"),  # no calling code known
    ],
)
def test_e164_forms(printed: str, home: str | None, written: str, e164: str) -> None:
    phone = to_phone(printed, home, "X", Review())
    assert phone is not None
    assert (phone.printed, phone.written, phone.e164) == (" ".join(printed.split()), written, e164)


def test_an_international_number_is_kept_as_printed_without_a_note() -> None:
    review = Review()
    to_phone("+358 50 421 0422", None, "Paavo", review)
    assert review.notes == ()


@pytest.mark.parametrize(
    ("printed", "home", "note"),
    [
        ("+358 (0)40 123 4567", None, "the (0) was dropped, written as '+358 40 123 4567'"),
        ("00358 40 123 4567", None, "'00358 40 123 4567' written as '+358 40 123 4567'"),
        ("+ 358 0295 250 314", None, "'+ 358 0295 250 314' written as '+358 295 250 314'"),
        ("040 123 4567", "Finland", "has no country code: written as '+358 40 123 4567' (the rel"),
        ("08 405 10 00", "Sweden", "(ASSUMED from the release's country, Sweden: check it)"),
        ("040 123 4567", None, "(ASSUMED +358, the release's country is unknown: check it)"),
    ],
)
def test_every_change_to_the_printed_number_is_listed(
    printed: str, home: str | None, note: str
) -> None:
    review = Review()
    to_phone(printed, home, "Paavo", review)
    (written,) = review.notes
    assert written.startswith(f"phone of Paavo '{printed}'") and note in written


@pytest.mark.parametrize("printed", ["+358 12", "+0 123 456 789", "+358 1234 5678 9012 3456"])
def test_a_number_that_cannot_be_e164_is_refused_and_listed(printed: str) -> None:
    review = Review()
    assert to_phone(printed, None, "Paavo", review) is None
    assert notes_with(review, f"phone of Paavo '{printed}' is not a valid phone number")


def test_numbers_are_found_with_or_without_a_label() -> None:
    line = "A B, tel. +358 50 421 0422, C D, puh. 040 123 4567, E F 09 160 01, + 358 0295 250 3"
    assert [m.group("number") for m in PHONE.finditer(line)] == [
        "+358 50 421 0422",
        "040 123 4567",
        "09 160 01",
        "+ 358 0295 250 3",
    ]
    assert digits("+358 (0)40-123") == "358040123"


def test_national_number_in_a_finnish_release_gets_plus_358() -> None:
    draft = ingest(VAARA, publisher="Ministry for Foreign Affairs of Finland")
    assert contacts_of(draft) == [
        (
            "Oona Rinne",
            "Press Officer",
            "Ministry for Foreign Affairs",
            "+358 295 350 123",
            "+358295350123",
        )
    ]
    (note,) = notes_with(draft, "phone of Oona Rinne")
    assert "'0295 350 123' has no country code" in note and "the release is Finnish" in note
    assert draft.contacts[0].printed_phone == "0295 350 123"


def test_national_number_in_a_release_of_unknown_country_is_flagged() -> None:
    (note,) = notes_with(ingest(VAARA), "phone of Oona Rinne")
    assert "ASSUMED +358" in note


def test_national_number_in_a_swedish_release_uses_plus_46_and_is_flagged() -> None:
    text = (
        "Minister Lind visited Uppsala\n\n"
        "Minister for Culture Eva Lind opened a museum in Uppsala.\n"
        "Further information: Karl Berg, Press Secretary, tel. 08 405 10 00, Ministry of Culture\n"
    )
    draft = checked(text, publisher="Government Offices of Sweden")
    assert contacts_of(draft)[0][3:] == ("+46 8 405 10 00", "+4684051000")
    assert notes_with(draft, "ASSUMED from the release's country, Sweden")
