"""Keeping the catalogues in step with the code: `python -m bot.telegram_edge.locales.catalogues`.

It finds every message the Telegram layer marks (`_`, `_f`, `N_`, with Babel's extractor) and
updates each language's `bot.po`: a new message is added untranslated (sent in English until it
is translated), a changed one is kept as a fuzzy suggestion (also sent in English until it is
reviewed), one no longer used is dropped. Then translate what it lists, and run the tests
(`tests/telegram_edge/test_locales.py` fails while anything is untranslated).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from bot.telegram_edge.locales import DOMAIN, SOURCE_LANGUAGE, SUPPORTED, catalogue_file

PACKAGE = Path(__file__).resolve().parent.parent  # bot/telegram_edge
KEYWORDS = {"_": None, "_f": None, "N_": None}
HEADER = (
    "{name} texts of release-bot's Telegram layer. The msgids are the English texts of\n"
    "bot/telegram_edge, word for word; {{placeholders}} and HTML tags stay as they are.\n"
    "Update with: python -m bot.telegram_edge.locales.catalogues"
)
NAMES = {"fi": "Finnish", "sv": "Swedish"}


def used_messages() -> dict[str, list[tuple[str, int]]]:
    """Every message the code marks, with where (file, line), in the order found."""
    found: dict[str, list[tuple[str, int]]] = {}
    for filename, line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        if isinstance(message, str) and message:
            found.setdefault(message, []).append((filename, line))
    return found


def template() -> Catalog:
    catalog = Catalog(domain=DOMAIN, project="release-bot")
    for message, places in used_messages().items():
        catalog.add(message, locations=places)
    return catalog


def read_catalogue(language: str) -> Catalog:
    path = catalogue_file(language)
    if not path.is_file():
        return Catalog(locale=language, domain=DOMAIN, project="release-bot")
    with path.open("rb") as source:
        return read_po(source, locale=language)


def write_catalogue(catalog: Catalog, language: str) -> None:
    catalog.header_comment = "# " + HEADER.format(name=NAMES.get(language, language)).replace(
        "\n", "\n# "
    )
    catalog.fuzzy = False
    catalog.revision_date = catalog.creation_date
    catalog.version = "1"
    catalog.msgid_bugs_address = "the release-bot maintainers"
    catalog.last_translator = "the release-bot maintainers"
    catalog.language_team = NAMES.get(language, language)
    path = catalogue_file(language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        write_po(out, catalog, width=100, include_lineno=False, omit_header=False)


def update() -> dict[str, list[str]]:
    """Update every catalogue from the code; the messages each still lacks, by language."""
    new = template()
    missing: dict[str, list[str]] = {}
    for language in SUPPORTED:
        if language == SOURCE_LANGUAGE:
            continue
        catalog = read_catalogue(language)
        created = catalog.creation_date
        catalog.update(new, no_fuzzy_matching=False)
        catalog.creation_date = created  # the file changes only when its messages do
        catalog.obsolete.clear()
        write_catalogue(catalog, language)
        missing[language] = [str(m.id) for m in catalog if m.id and (not m.string or m.fuzzy)]
    return missing


def main() -> int:
    missing = update()
    for language, messages in missing.items():
        for message in messages:
            print(f"{language}: untranslated: {message}")
    return 1 if any(missing.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
