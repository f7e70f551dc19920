"""The structured records of a draft (bot.ingest.records): ids, cross-references, sources,
and the phrasings and links added to them."""

from __future__ import annotations

from bot.ingest.names import IdMaker
from tests.ingest.corpus import drafted


def test_records_refer_to_each_other_by_id() -> None:
    found = drafted("02-justice-aarnio-moscow-visit")
    sections = found.draft.data
    parties = {r["id"] for r in sections["people"]} | {r["id"] for r in sections["offices"]}
    places = {r["id"] for r in sections["places"]}
    for meeting in sections["meetings"]:
        assert set(meeting["participants"]) <= parties
        assert meeting["place"] in places
    assert [m["participants"] for m in sections["meetings"]][3] == [
        "aarnio",
        "commissioner_human_rights",
        "director_federal_penitentiary_service",
        "representatives_nordic_law_firms_based",
    ]
    assert {q["speaker"] for q in sections["quotes"]} == {"aarnio"}


def test_a_meeting_record_holds_time_status_sources_and_its_links() -> None:
    found = drafted("06-pm-kettunen-riga")
    held, planned = found.draft.data["meetings"]
    assert (held["time"], held["status"]) == ("on 9 September", "held")
    assert (planned["time"], planned["status"]) == ("on 10 September", "planned")  # lower case
    assert planned["related"] == ["meeting_2_details", "meeting"]
    assert held["questions"] == ["Who held talks with whom?", "With whom did Kettunen hold talks?"]
    assert planned["questions"] == ["Whom will Kettunen meet?", "Who will Kettunen meet with?"]


def test_meetings_in_a_programme_leave_the_general_questions_to_it() -> None:
    found = drafted("11-social-kivela-stockholm")
    for meeting in found.draft.data["meetings"]:
        assert meeting["related"][0] == "programme_kivela"
        assert "questions" not in meeting


def test_a_speakers_quotes_link_to_the_entry_that_joins_them() -> None:
    found = drafted("16-finance-salo-lindahl-stockholm")
    quotes = found.draft.data["quotes"]
    assert [q["related"] for q in quotes] == [["salo_quotes"]] * 3
    assert found.base.entry("salo_quotes") is not None
    single = drafted("15-defence-koskela-london").draft.data["quotes"]
    assert ["related" in q for q in single] == [False]


def test_quote_questions_come_from_its_keywords() -> None:
    (quote,) = drafted("15-defence-koskela-london").draft.data["quotes"]
    assert quote["id"] == "quote_koskela_together"
    assert quote["questions"][0] == "What did Koskela say about together?"
    assert "What did Ville Koskela say about together?" in quote["questions"]


def test_places_cite_the_sentences_that_name_them() -> None:
    found = drafted("08-interior-valtonen-narva")
    (narva,) = found.draft.data["places"]
    assert narva["id"] == "narva" and len(narva["source"]) == 2
    assert all("Narva" in source for source in narva["source"])


def test_ids_are_unique_across_the_sections() -> None:
    for slug in ("02-justice-aarnio-moscow-visit", "13-pm-kettunen-ilves-helsinki"):
        data = drafted(slug).draft.data
        ids = [
            record["id"]
            for section in ("people", "offices", "places", "meetings", "topics", "quotes", "facts")
            for record in data.get(section, [])
        ]
        assert len(ids) == len(set(ids)), slug


def test_an_id_made_elsewhere_is_not_given_again() -> None:
    ids = IdMaker()
    ids.take("meeting")
    assert ids.make("meeting") == "meeting_2"
