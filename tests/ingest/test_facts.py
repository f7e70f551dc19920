"""Facts that add to the structured records (bot.ingest.facts): summary, visits, programmes, a
planned meeting's own place and date, publication, topics as listed, contacts as printed; each
restating the release with its source sentences."""

from __future__ import annotations

from bot.ingest.facts import short_title, summary_text
from tests.ingest.conftest import CONTACT_LINE, KOSKI, SALONEN, checked, extracted, fact, ingest
from tests.ingest.corpus import drafted

AALTO = "Minister of Culture Sanni Aalto"
VISIT = (
    "Minister Aalto to visit Tallinn\n\n"
    "Ministry of Culture\n"
    "Publication date 27.9.2024 10.30\n"
    "Press release 12/2024\n"
    f"{AALTO} will visit Tallinn on 1–2 October. "
    "She will meet Estonia's Minister of Culture Mari Tamm. "
    "She will also meet the Mayor of Tallinn and representatives of Estonian museums. "
    "On 3 October, Minister Aalto will meet the Rector of the University of Tartu in Tartu.\n"
    "The ministers will discuss digital museums and the protection of archives.\n"
    f"{CONTACT_LINE}"
)


def test_summary_is_the_headline_and_the_first_sentence() -> None:
    draft = ingest(SALONEN)
    summary = fact(draft, "summary")
    assert summary["answer"] == summary_text(draft.extracted)
    assert summary["answer"].startswith(
        "Prime Minister Salonen and German Federal Chancellor Albrecht discussed energy security "
        "in Helsinki. On Monday 19 August 2024 Prime Minister Mervi Salonen met"
    )
    assert summary["source"][0] == draft.extracted.document.headline.clean


def test_a_visit_is_answered_with_its_sentence_for_where_and_when() -> None:
    draft = checked(VISIT)
    visit = fact(draft, "visit_aalto")
    assert (
        visit["answer"]
        == visit["source"][0]
        == ("Minister of Culture Sanni Aalto will visit Tallinn on 1–2 October.")
    )
    assert {"Where will Aalto travel?", "When will the visit take place?"} <= set(
        visit["questions"]
    )


def test_a_programme_lists_everyone_a_host_will_meet() -> None:
    draft = checked(VISIT)
    programme = fact(draft, "programme_aalto")
    assert programme["answer"] == (
        "Aalto will meet Minister of Culture Mari Tamm, the Mayor of Tallinn, representatives "
        "of Estonian museums and the Rector of the University of Tartu."
    )
    assert programme["related"] == ["meeting", "meeting_2", "meeting_3"]
    assert "Whom will Minister Aalto meet?" in programme["questions"]
    assert "Who else will Aalto meet?" in programme["questions"]  # the bot's planned phrasing
    assert all("will visit" not in source for source in programme["source"])


def test_a_planned_meeting_with_its_own_place_and_date_gets_a_fact_for_them() -> None:
    draft = checked(VISIT)
    facts = {f["id"] for f in draft.data["facts"]}
    assert "meeting_3_details" in facts
    assert "meeting_details" not in facts and "meeting_2_details" not in facts  # the visit's
    details = fact(draft, "meeting_3_details")
    assert details["answer"] == (
        "On 3 October, Minister Aalto will meet the Rector of the University of Tartu in Tartu."
    )
    assert "When will Aalto meet the Rector of the University of Tartu?" in details["questions"]
    assert "Where are the other meetings?" in details["questions"]
    assert details["related"] == ["meeting_3"]


def test_the_first_meeting_if_still_to_come_takes_the_general_questions() -> None:
    found = drafted("13-pm-kettunen-ilves-helsinki")
    details = fact(found.draft, "meeting_details")
    assert "Where will they meet?" in details["questions"]
    assert "Where did the meeting take place?" in details["questions"]
    assert details["source"] == [
        "Prime Minister Sari Kettunen will host Estonia's Prime Minister Kadri Ilves in Helsinki "
        "on Friday 17 January 2025.",
        "Prime Minister Kettunen will have a meeting with Prime Minister Ilves at the "
        "Government's official residence.",
    ]
    assert "visit_ilves" not in [f["id"] for f in found.draft.data["facts"]]  # the host's own


def test_the_publication_line() -> None:
    publication = fact(checked(VISIT), "publication")
    assert publication["answer"] == (
        "Publisher: Ministry of Culture. Published: 27.9.2024 10.30. Press release 12/2024."
    )
    assert publication["source"] == [
        "Ministry of Culture",
        "Publication date 27.9.2024 10.30",
        "Press release 12/2024",
    ]
    assert "publication" not in [f["id"] for f in ingest(SALONEN).data["facts"]]


def test_topics_are_answered_with_the_sentences_that_list_them() -> None:
    topics = fact(checked(VISIT), "topics")
    assert topics["answer"] == (
        "The ministers will discuss digital museums and the protection of archives."
    )
    assert topics["related"] == ["topic_digital_museums", "topic_protection_archives"]
    assert "What will Aalto and the Minister of Culture discuss?" in topics["questions"]
    assert "What will Aalto and the Mayor of Tallinn discuss?" in topics["questions"]
    assert "What did Koski and Van Dijk discuss?" in fact(ingest(KOSKI), "topics")["questions"]


def test_the_contact_fact_names_every_contact_as_printed() -> None:
    draft = ingest(SALONEN)
    contact = fact(draft, "contact")
    assert contact["answer"] == (
        "Paavo Niemelä, Special Adviser, tel. +358 50 421 0422; Ruut Hahto, Special Adviser, "
        "tel. +358 50 574 0956; Päivi Anttila, Director of Government Communications, Prime "
        "Minister's Office, tel. +358 40 536 4821."
    )
    assert contact["source"] == [p.clean for p in draft.extracted.contact_lines.paragraphs]
    assert "What is Hahto's phone number?" in contact["questions"]
    assert "What is the Director's phone number?" in contact["questions"]  # the title's head
    koski = fact(ingest(KOSKI), "contact")
    assert "tiina.salo@example.fi" in koski["answer"]
    assert "What is Salo's e-mail address?" in koski["questions"]


def test_no_contact_lines_no_contact_fact() -> None:
    found, _ = extracted(f"H\n\n{AALTO} met Estonia's Minister of Culture Mari Tamm.\n")
    assert found.contact_lines.paragraphs == ()
    draft = checked(f"H\n\n{AALTO} met Estonia's Minister of Culture Mari Tamm.\n")
    assert "contact" not in [f["id"] for f in draft.data["facts"]]


def test_short_titles() -> None:
    assert [
        short_title(role)
        for role in ("Minister of Justice", "Prime Minister", "Foreign Secretary", "Ambassador")
    ] == ["Minister", "Prime Minister", "Foreign Secretary", "Ambassador"]
    assert short_title("Head of Unit") == ""
