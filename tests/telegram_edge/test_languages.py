"""The bot in English, Finnish and Swedish, driven as users drive it: through the real
Application and the fake Bot API."""

from __future__ import annotations

import gettext
import io
from pathlib import Path
from typing import Any

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.telegram_edge import locales, texts
from bot.telegram_edge.locales import catalogue_file, translate
from tests.conftest import DATA, RunningBot, start_bot
from tests.fake_bot_api import FakeBotApi
from tests.telegram_edge.helpers import USER, buttons, send

FINNISH_QUESTION = "kenet Häkkänen tapasi Moskovassa?"
SWEDISH_QUESTION = "Vem träffade Häkkänen i Moskva?"
ENGLISH_HELP = "I answer questions about the release"
FINNISH_HELP = "Vastaan kysymyksiin tiedotteesta"
SWEDISH_HELP = "Jag svarar på frågor om pressmeddelandet"


def message_from(api: FakeBotApi, text: str, language_code: str | None, user: int = USER) -> Any:
    """A private message from a user whose Telegram is in `language_code`."""
    return api.message(
        user, None, text=text, **{"from": api.user(user, language_code=language_code)}
    )


async def say(bot: RunningBot, text: str, language_code: str | None = "en") -> dict[str, Any]:
    return await send(bot, message_from(bot.api, text, language_code), USER)


async def press(bot: RunningBot, data: str) -> dict[str, Any]:
    """Tap the button with `data` on the bot's latest message; the message it brings."""
    return await send(bot, bot.api.callback_query(USER, data), USER)


def labels(params: dict[str, Any]) -> list[str]:
    rows = (params.get("reply_markup") or {}).get("inline_keyboard", [])
    return [button["text"] for row in rows for button in row]


async def test_a_finnish_question_gets_finnish_words_and_buttons(running_bot: RunningBot) -> None:
    reply = await say(running_bot, FINNISH_QUESTION, language_code="en")
    text = reply["text"]
    assert "Suomen oikeusministeri Antti Häkkänen tapasi" in text
    # the source sentence verbatim, in the language of the text it is quoted from, saying so
    assert "Minister of Justice Antti Häkkänen met Minister of Justice" in text
    assert "Tiedote on julkaistu englanniksi" in text
    assert "Lisätietoja:" in text and "puh." in text
    shown = labels(reply)
    assert "📞 Mediayhteyshenkilö" in shown and "👍 Hyödyllinen" in shown
    assert "Missä tapaaminen pidettiin?" in shown
    assert not {"📞 Press contact", "👍 Helpful", "Where was the meeting?"} & set(shown)


async def test_a_tap_under_a_finnish_reply_answers_in_finnish(running_bot: RunningBot) -> None:
    reply = await say(running_bot, FINNISH_QUESTION, language_code="en")
    (where,) = [b for b in buttons(reply) if b["text"] == "Missä tapaaminen pidettiin?"]
    answer = await press(running_bot, where["callback_data"])
    assert "Tiedotteesta:" in answer["text"] and "From the release:" not in answer["text"]
    assert "📞 Mediayhteyshenkilö" in labels(answer)


async def test_the_same_answer_in_english_keeps_english_buttons(fake_bot_api: FakeBotApi) -> None:
    """Keyboards are kept per language: a Finnish keyboard is never reused for English, even
    where the questions it offers are the same (a release without translated titles)."""
    bot = await start_bot(fake_bot_api, DATA / "second_release")
    try:
        finnish = await say(bot, "Kuka tapasi kenet?")
        english = await say(bot, "Who met whom?")
        assert "👍 Hyödyllinen" in labels(finnish)
        same = [b["callback_data"] for b in buttons(finnish)]
        assert same == [b["callback_data"] for b in buttons(english)]  # the same buttons
        assert "📞 Press contact" in labels(english) and "👍 Helpful" in labels(english)
    finally:
        assert await bot.finish() == 0


async def test_a_swedish_telegram_gets_swedish_help(running_bot: RunningBot) -> None:
    help_text = (await say(running_bot, "/help", language_code="sv"))["text"]
    assert help_text.startswith(SWEDISH_HELP) and "/language" in help_text
    assert "Vem träffade vem?" in help_text
    start = await say(running_bot, "/start", language_code="sv-FI")
    assert start["text"].startswith("Hej!") and "📞 Presskontakt" in labels(start)
    privacy = (await say(running_bot, "/privacy", language_code="sv"))["text"]
    assert "<b>Dataskydd</b>" in privacy and "90 dagar" in privacy
    unknown = (await say(running_bot, "/nonsense", language_code="sv"))["text"]
    assert unknown == translate(texts.UNKNOWN_COMMAND, "sv")
    # a language the bot does not speak: the release's
    assert (await say(running_bot, "/help", language_code="de"))["text"].startswith(ENGLISH_HELP)


async def test_a_chosen_language_is_kept_across_a_restart(
    fake_bot_api: FakeBotApi, knowledge_root: Path, tmp_path: Path
) -> None:
    env = {"RELEASE_BOT_DATA_DIR": str(tmp_path / "state")}
    bot = await start_bot(fake_bot_api, knowledge_root, env=env)
    try:
        menu = await say(bot, "/language")
        assert labels(menu)[:3] == ["English", "Suomi", "Svenska"]
        assert "Automatic" in labels(menu)[3]
        chosen = await press(bot, "l:fi")
        assert chosen["text"].startswith("Vastaan tästä lähtien suomeksi")
        assert (await say(bot, "/help"))["text"].startswith(FINNISH_HELP)
        # a clear question in another language is answered in its language all the same
        swedish = await say(bot, SWEDISH_QUESTION)
        assert "Ur pressmeddelandet:" in swedish["text"] and "📞 Presskontakt" in labels(swedish)
        # an unclear one in the chosen language
        assert "Tiedotteesta:" in (await say(bot, "Konovalov?"))["text"]
    finally:
        assert await bot.finish() == 0
    bot = await start_bot(fake_bot_api, knowledge_root, env=env)
    try:
        assert (await say(bot, "/help"))["text"].startswith(FINNISH_HELP)
        menu = await say(bot, "/language")
        assert "Nyt: suomi" in menu["text"] and "🌐 Automaattinen" in labels(menu)
        back = await press(bot, "l:auto")
        assert back["text"] == translate(texts.LANGUAGE_AUTOMATIC_CHOSEN, "en")
        assert (await say(bot, "/help"))["text"].startswith(ENGLISH_HELP)
    finally:
        assert await bot.finish() == 0


async def test_the_command_menu_and_descriptions_in_each_language(running_bot: RunningBot) -> None:
    menus = {
        c.params.get("language_code"): {
            d["command"]: d["description"] for d in c.params["commands"]
        }
        for c in running_bot.api.calls("setMyCommands")
    }
    assert menus[None]["help"] == "What I can answer and how to ask"
    assert menus["fi"]["help"] == "Mihin vastaan ja miten kysyä"
    assert menus["sv"]["language"] == "Välj språket för mina svar"
    assert set(menus["fi"]) == set(menus["sv"]) == set(menus[None])
    described = {
        c.params.get("language_code"): c.params["description"]
        for c in running_bot.api.calls("setMyDescription")
    }
    assert described["fi"].startswith("Vastaan kysymyksiin tiedotteesta")
    assert described["sv"].startswith("Jag svarar på frågor om pressmeddelandet")
    short = {
        c.params.get("language_code"): c.params["short_description"]
        for c in running_bot.api.calls("setMyShortDescription")
    }
    assert short[None] != short["fi"] != short["sv"]


async def test_an_untranslated_answer_says_so_in_the_user_s_language(
    fake_bot_api: FakeBotApi,
) -> None:
    """A release whose records have no Finnish: answered in English, said so in Finnish."""
    bot = await start_bot(fake_bot_api, DATA / "second_release")
    try:
        reply = await say(bot, "Kuka tapasi kenet?", language_code="fi")
        assert "Prime Minister Maija Virtanen met" in reply["text"]
        assert "Ei käännöstä: tämä vastaus on englanniksi, tiedotteen kielellä." in reply["text"]
        assert "👍 Hyödyllinen" in labels(reply)
    finally:
        assert await bot.finish() == 0


def _catalogue_without(language: str, dropped: str, broken: str) -> gettext.GNUTranslations:
    """The real catalogue of `language` less one message, and one with a wrong placeholder."""
    with catalogue_file(language).open("rb") as source:
        catalog = read_po(source, locale=language)
    for message in list(catalog):
        if message.id and str(message.id).startswith(dropped):
            catalog.delete(message.id)
        elif message.id and str(message.id).startswith(broken):
            message.string = "Tiedote: {otsikko}"
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


async def test_a_catalogue_missing_a_translation_falls_back_to_english(
    running_bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    partial = _catalogue_without(
        "fi", dropped="Ask in your own words, for example:", broken="I answer questions about"
    )
    real = locales.translations
    monkeypatch.setattr(
        locales, "translations", lambda language: partial if language == "fi" else real(language)
    )
    help_text = (await say(running_bot, "/help", language_code="fi"))["text"]
    assert help_text.startswith(ENGLISH_HELP)  # the broken translation: English
    assert "Ask in your own words, for example:" in help_text  # the missing one: English
    assert "Komennot: /contact" in help_text  # the rest: Finnish


async def test_the_apology_and_the_hints_are_in_the_user_s_language(
    running_bot: RunningBot,
) -> None:
    api = running_bot.api
    api.fail_next("sendMessage", status=500)  # the answer fails: the apology follows
    apology = await say(running_bot, "Vem träffade Häkkänen?", language_code="fi")
    assert apology["text"] == translate(texts.APOLOGY, "sv")  # the question's language
    sticker = api.message(
        USER, None, sticker=api.sticker(), **{"from": api.user(USER, language_code="fi")}
    )
    hint = await send(running_bot, sticker, USER)
    assert hint["text"] == translate(texts.NON_TEXT_HINT, "fi") != texts.NON_TEXT_HINT
