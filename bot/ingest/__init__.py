"""Turn a press release into a DRAFT knowledge base, offline and without inventing anything.

    draft = ingest_text(text, release_id=None, order=0, publisher="Ministry of Justice, Finland")
    write_draft(draft, Path("knowledge") / draft.release_id)

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
