"""The roles a stored sentence can have (the answer schema's quote `role` names), and the reference test
that both the ingest and the eval's quote-form metric apply."""
from __future__ import annotations

import re

HEADING, QUESTION, LEAD_IN, LIST_ITEM, TABLE_ROW, REFERENCE, BODY = (
    "heading", "question", "lead_in", "list_item", "table_row", "reference", "body")
ROLES = (HEADING, QUESTION, LEAD_IN, LIST_ITEM, TABLE_ROW, REFERENCE, BODY)

# a literature entry ("Provan, K.G. en P. Kenis (2008). Modes of ...") or a source line names a source
_REFERENCE = re.compile(r"[^\W\d_][\w'’ -]{1,40}, (?:[A-Z]\.\s?){1,3}.{0,80}\(?(?:19|20)\d\d\)?"
                        r"|(?:Bron|Bronnen|Source|Sources)\s*:")


def is_reference(text: str) -> bool:
    return bool(_REFERENCE.match(text))
