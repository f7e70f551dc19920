"""Turn a press release into a DRAFT knowledge base, offline and without inventing anything.

    draft = ingest_text(text, release_id=None, order=0, publisher="Ministry of Justice, Finland")
    write_draft(draft, Path("knowledge") / draft.release_id)

Reading the release (text in, records out):
- `sentences`: the text as headline, paragraphs and sentences, each a verbatim slice;
- `lexicon`: the word lists the rules rely on (countries, titles, speech verbs, stopwords);
- `names`: spellings people type (ASCII, ae/oe), aliases, slugs and unique entry ids;
- `lists`: an English list split into its items ("A, B and C");
- `mentions`: titled mentions of people in a sentence ("Minister of Justice Antti Häkkänen");
- `people`: the people those mentions name, with role and country, found again by name;
- `quotes`: direct quotes and who said them;
- `phones`: a printed phone number in E.164; `contacts`: the press contacts of the contact line;
- `dates`: the date the release states; `meetings`: who met whom, where, and whom else;
- `topics`: what was discussed;
- `extraction`: runs every reader over a release; `review`: the review list they all add to.

Writing the draft (records in, knowledge base out):
- `entries`: one draft entry (fact, "not stated" entry, small talk) as the knowledge base has it;
- `keywords`: the words that set a paragraph or quote apart, for questions and tags;
- `facts`: facts about the event (summary, meeting, place, date, topics, people, contact);
- `quote_facts`: a fact per quote and per speaker; `plain`: paragraphs no rule explained;
- `not_stated`: what the release does not say, and the small talk every base answers;
- `draft`: `ingest_text`, which puts it all together: sections, facts in reading order, links;
- `writer`: the release folder, release.txt byte for byte and a commented knowledge.yaml.

The `release-bot ingest` command is `bot.cli.ingest`.
"""

from bot.ingest.draft import Draft, IngestError, ingest_text
from bot.ingest.writer import render_yaml, write_draft

__all__ = [
    "Draft",
    "IngestError",
    "ingest_text",
    "render_yaml",
    "write_draft",
]
