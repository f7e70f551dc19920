"""The press desk in the user's language: the offer, the preview, the confirmation, the answer
brought back and the feedback prompt, in Finnish for a Finnish question; the press office's group
reads English all the same."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import wait_until
from tests.telegram_edge.handover_helpers import (
    ASKER,
    PRESS,
    PressBotApi,
    delivered,
    exchange,
    officer_reply,
    press,
    press_api_fixture,  # noqa: F401 - the fixture press_api
    start_press_bot,
)

FINNISH_UNANSWERABLE = "Millainen sää Helsingissä on huomenna?"


def labels(params: dict) -> list[str]:
    rows = (params.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


async def test_a_finnish_question_is_handed_over_in_finnish(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        asked = api.private_message(ASKER, FINNISH_UNANSWERABLE)
        reply = await exchange(api, asked, ASKER, "Tiedotteessa ei kerrota")
        assert "✉️ Kysy viestinnältä" in labels(reply.params)
        # the press comes from a user whose Telegram is in English: the button's label decides
        preview = await exchange(api, press(api, ASKER, reply, "p:"), ASKER, "Tämän lähetän")
        assert FINNISH_UNANSWERABLE in preview.params["text"]
        assert labels(preview.params) == ["✅ Lähetä", "✏️ Muokkaa", "✖️ Älä lähetä"]
        sent = await exchange(
            api, press(api, ASKER, preview, "s:"), ASKER, "Lähetetty viestinnälle"
        )
        number = sent.params["text"].split("<b>#", 1)[1].split("</b>", 1)[0]
        await wait_until(lambda: bool(delivered(api, PRESS)))
        post = delivered(api, PRESS)[-1]
        assert post.params["text"].startswith(f"🟡 Question #{number}: open")  # English there
        answer = officer_reply(api, post.result, "Sääennuste ei kuulu ministeriölle.")
        brought = await exchange(api, answer, ASKER, "Viestinnän vastaus")
        assert "Sääennuste ei kuulu ministeriölle." in brought.params["text"]
    finally:
        assert await bot.finish() == 0


async def test_a_thumbs_down_under_a_swedish_answer_asks_in_swedish(
    press_api: PressBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    api = press_api
    bot = await start_press_bot(api, knowledge_root, tmp_path)
    try:
        asked = api.private_message(ASKER, "Vem träffade Häkkänen i Moskva?")
        reply = await exchange(api, asked, ASKER, "Ur pressmeddelandet:")
        assert "👎 Inte till hjälp" in labels(reply.params)
        prompt = await exchange(api, press(api, ASKER, reply, "n:"), ASKER, "Vad saknades?")
        assert prompt.params["reply_markup"]["input_field_placeholder"] == "Vad saknades?"
        comment = api.private_message(ASKER, "Datumet.")
        comment["message"]["reply_to_message"] = prompt.result
        await exchange(api, comment, ASKER, "Tack, det går vidare till presstjänsten.")
    finally:
        assert await bot.finish() == 0
