"""Quote units: the verbatim span a chosen sentence is shown as.

A sentence alone is often not what a reader needs: "Er zijn drie grondvormen …:" without its three forms,
"Dit leidt tot bestuurlijke drukte." without what "dit" is, a table cell without its row. A unit is one
to three adjacent sentences, a lead-in with the list it introduces, a list item, or a whole table row
(with its header row as context). It is always one span `[start, end)` of the cleaned document text.
"""
from __future__ import annotations

from dataclasses import dataclass

from index.records import SentenceRow
from index.roles import BODY, LEAD_IN, LIST_ITEM, QUESTION, TABLE_ROW

MAX_LIST_CHARS = 1200  # a lead-in is shown with as much of its list as fits in about one passage
MAX_LIST_BLOCKS = 8
MIN_WORDS = 6  # a shorter span is a fragment: it takes its neighbour
MAX_SENTENCES = 3
LIST, ROW = "list", "table_row"  # the quote roles of a lead-in with its list and of a table row


@dataclass(frozen=True)
class Unit:
    document: str
    start: int
    end: int
    role: str  # body | list | list_item | question | table_row
    rows: tuple[int, ...]  # the sentence rows inside the span
    context: str = ""  # for a table row: its header row


def _words(text: str) -> int:
    return len(text.split())


class UnitBuilder:
    """Builds the unit of a sentence row from the index's rows and each document's blocks."""

    def __init__(self, rows: list[SentenceRow], docs: dict):
        self.rows, self.docs = rows, docs
        self.by_block: dict[tuple[str, int], list[int]] = {}
        for i, r in enumerate(rows):
            self.by_block.setdefault((r.document, r.block), []).append(i)

    def _block_rows(self, document: str, block: int) -> list[int]:
        return self.by_block.get((document, block), [])

    def unit(self, i: int) -> Unit:
        r = self.rows[i]
        if r.role == LEAD_IN:
            return self._with_list(i)
        if r.role == TABLE_ROW:
            return self._table_row(r)
        if r.role in (LIST_ITEM, QUESTION) and self.docs[r.document].blocks[r.block].kind == "item":
            return self._item(r)
        return self._sentences(i)

    def _rows_in(self, document: str, first_block: int, last_block: int, start: int, end: int) -> tuple[int, ...]:
        out = []
        for b in range(first_block, last_block + 1):
            out += [j for j in self._block_rows(document, b) if start <= self.rows[j].start < end]
        return tuple(out)

    def _with_list(self, i: int) -> Unit:
        """A lead-in with the items (or, in documents without bullets, the paragraphs) it introduces."""
        r = self.rows[i]
        blocks = self.docs[r.document].blocks
        end, last = r.end, r.block
        items = r.block + 1 < len(blocks) and blocks[r.block + 1].kind == "item"
        for b in range(r.block + 1, min(len(blocks), r.block + 1 + MAX_LIST_BLOCKS)):
            kind = blocks[b].kind
            if kind == "heading" or (items and kind != "item") or (not items and kind not in ("paragraph", "item")):
                break
            if blocks[b].end - r.start > MAX_LIST_CHARS and last > r.block:
                break
            end, last = blocks[b].end, b
        if last == r.block:  # nothing follows it: a lead-in alone says nothing, take its sentence's neighbour
            return self._sentences(i)
        return Unit(r.document, r.start, end, LIST, self._rows_in(r.document, r.block, last, r.start, end))

    def _table_row(self, r: SentenceRow) -> Unit:
        blocks = self.docs[r.document].blocks
        text = self.docs[r.document].text
        block = blocks[r.block]
        first = r.block
        while first > 0 and blocks[first - 1].kind == "row":
            first -= 1
        context = text[blocks[first].start:blocks[first].end] if first != r.block else ""
        return Unit(r.document, block.start, block.end, ROW,
                    self._rows_in(r.document, r.block, r.block, block.start, block.end), context)

    def _item(self, r: SentenceRow) -> Unit:
        """A list item whole; a short one with the items after it until the span reads on its own."""
        doc = self.docs[r.document]
        blocks = doc.blocks
        start, end, last = blocks[r.block].start, blocks[r.block].end, r.block
        while _words(doc.text[start:end]) < MIN_WORDS and last + 1 < len(blocks) and blocks[last + 1].kind == "item":
            last += 1
            end = blocks[last].end
        role = QUESTION if doc.text[start:end].rstrip().endswith("?") else LIST_ITEM
        return Unit(r.document, start, end, role, self._rows_in(r.document, r.block, last, start, end))

    def _sentences(self, i: int) -> Unit:
        """A sentence, with the ones before it leans on ("Dit …", "Hierin …"; across a paragraph break too, as
        PDFs break paragraphs where the text does not) and the one after when it is short."""
        r = self.rows[i]
        doc = self.docs[r.document]
        same = self._block_rows(r.document, r.block)
        first = last = same.index(i)
        while self.rows[same[first]].refers_back and last - first + 1 < MAX_SENTENCES:
            if first > 0:
                first -= 1
                continue
            block = self.rows[same[0]].block
            before = self._block_rows(r.document, block - 1) if block > 0 else []
            if not before or doc.blocks[block - 1].kind != "paragraph":
                break
            same = before[-1:] + same
            last += 1
        while (_words(doc.text[self.rows[same[first]].start:self.rows[same[last]].end]) < MIN_WORDS
               or doc.text[self.rows[same[last]].start:self.rows[same[last]].end].endswith(":")) \
                and last + 1 < len(same) and last - first + 1 < MAX_SENTENCES:
            last += 1
        inside = tuple(same[first:last + 1])
        role = QUESTION if all(self.rows[j].role == QUESTION for j in inside) else BODY
        return Unit(r.document, self.rows[inside[0]].start, self.rows[inside[-1]].end, role, inside)
