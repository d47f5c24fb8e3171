"""The roles a stored sentence can have (the answer schema's quote `role` names), and the reference test and the
heading key that both the ingest and the eval's quote-form metric apply."""
from __future__ import annotations

import re

HEADING, QUESTION, LEAD_IN, LIST_ITEM, TABLE_ROW, REFERENCE, BODY = (
    "heading", "question", "lead_in", "list_item", "table_row", "reference", "body")
ROLES = (HEADING, QUESTION, LEAD_IN, LIST_ITEM, TABLE_ROW, REFERENCE, BODY)

# a literature entry ("Provan, K.G. en P. Kenis (2008). Modes of ...") or a source line names a source, and so do
# an image's credit line ("Foto: Sjef Prins - APA Foto") and an article's byline ("23-02-2021 7 minuten Annouck
# de Boer"), both read as a section's heading before
_REFERENCE = re.compile(r"[^\W\d_][\w'’ -]{1,40}, (?:[A-Z]\.\s?){1,3}.{0,80}\(?(?:19|20)\d\d\)?"
                        r"|(?:Bron|Bronnen|Source|Sources|Foto|Foto's|Beeld|Afbeelding|Illustratie|Fotografie|Photo"
                        r"|Photograph|Image|Picture)\s*:"
                        r"|\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d\d\b[^.!?]*$")  # a dated line, no sentence


def is_reference(text: str) -> bool:
    return bool(_REFERENCE.match(text))


def title_key(text: str) -> str:
    """A heading's text as it is matched wherever it recurs: its letters and digits, lower case ("Onze
    samenwerking(en)" is "onzesamenwerkingen")."""
    return re.sub(r"[\W_]+", "", text.lower())
