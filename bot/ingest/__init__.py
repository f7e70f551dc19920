"""Turn a press release into a DRAFT knowledge base, offline and without inventing anything.

    draft = ingest_text(text, release_id=None, order=0, publisher="Ministry of Justice, Finland")
    write_draft(draft, Path("knowledge") / draft.release_id)

The draft holds the structured records the bot derives its answers from (`bot.core.derive`):
people, offices and groups, places, meetings (held or planned, with place and date), topics and
quotes, plus the facts that add to them.

Reading the release (text in, records out):
- `layout`: what a line is by its shape (contact line, header line, unlabelled contact block);
- `sentences`: the text as headline, header, paragraphs and sentences, each a verbatim slice;
- `header`: the publisher, publication date and number printed under the headline;
- `lexicon`: the word lists the rules rely on (countries, titles, speech verbs, stopwords);
- `names`: spellings people type (ASCII, ae/oe), aliases, slugs and unique ids;
- `lists`: an English list split into its items ("A, B and C");
- `mentions`: people mentioned with their title and courtesy title, either side of a comma;
- `people`: the people those mentions name, with role and (only if stated) country;
- `quotes`: direct quotes and who said them;
- `phones`: a printed phone number in E.164; `contacts`: the press contacts, in every layout;
- `dates`: date phrases, ranges kept whole; `places`: where something happens;
- `parties`: the people, offices and groups after a meeting verb;
- `meetings`: who met (or will meet) whom, where and when, and the visits meetings are part of;
- `topics`: what was (or will be) discussed;
- `extraction`: runs every reader over a release; `review`: the review list they all add to.

Writing the draft (records in, knowledge base out):
- `records`: the structured sections (people, offices, places, meetings, topics, quotes);
- `entries`: one draft entry (fact, "not stated" entry, small talk) as the knowledge base has it;
- `keywords`: the words that set a paragraph or quote apart, for questions and tags;
- `facts`: facts that add to the records (summary, visits, programmes, a planned meeting's place
  and date, publication, topics as listed, contacts as printed);
- `plain`: sentences no record or fact explained, kept as facts per paragraph;
- `not_stated`: what the release does not say, and the small talk every base answers;
- `draft`: `ingest_text`, which puts it all together;
- `writer`: the release folder, release.txt byte for byte and a commented knowledge.yaml.

Review markers ("REVIEW: ...", the +999 placeholder phone) are reported by `release-bot check`
(`bot.core.review_check`): warnings in a draft, refused once `draft: true` is removed.
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
