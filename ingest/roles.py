"""What each sentence is: heading, question, lead-in, list item, table row, reference or body text.

Decided once at ingest from the block structure the cleaner found, so the answer step can demote a
heading or a bare question and expand a lead-in to the list it introduces without looking at the
text again. The names follow the answer schema's optional quote `role`.
"""
from __future__ import annotations

import re

from index.records import Block, Span
from index.roles import (BODY, HEADING, LEAD_IN, LIST_ITEM, QUESTION, REFERENCE, TABLE_ROW, is_reference,
                         title_key)

_LITERATURE_SECTION = re.compile(r"literatuur|bronnen|referenties|references|bibliografie", re.I)


# a sentence that opens with one of these leans on the one before it ("Dit leidt tot bestuurlijke drukte.")
_BACK = {"dit", "dat", "deze", "die", "daarom", "daardoor", "hierdoor", "hiermee", "daarmee", "daarbij", "hierbij",
         "bovendien", "daarnaast", "tevens", "echter", "ze", "zij", "hij", "hun", "vervolgens", "zo", "ook",
         "this", "that", "these", "those", "it", "they", "therefore", "however", "also"}


# a pronominal adverb early in a sentence points back just as well ("Om het gesprek daarover te voeren …", "Hierin
# wordt de gehele zorgketen geoptimaliseerd …"); 41 of 1,250 quotes shown on the dev sets opened with one unexplained
_ADVERB_BACK = re.compile(r"^(?:\S+\s+){0,4}(?:daar|hier)(?:aan|bij|binnen|door|in|mee|na|naast|om|onder|op|over|toe|"
                          r"uit|van|vanuit|voor|voren)\b", re.I)
ROLES_VERSION = 2  # recorded in the manifest: a change in how sentences are read rebuilds the index


def params() -> dict[str, int]:
    """The sentence-role reading's version, for the manifest."""
    return {"roles": ROLES_VERSION}


def refers_back(text: str) -> bool:
    """The sentence opens with a word that points at the one before ("Dit …"), or has a pronominal adverb
    ("daarover", "hierin") among its first five words: the answer shows it with that sentence."""
    first = re.match(r"[^\W\d_]+", text)
    return (bool(first) and first.group(0).lower() in _BACK) or bool(_ADVERB_BACK.match(text))


def sentence_roles(text: str, blocks: list[Block], sentences: list[tuple[Span, int]],
                   section_of: list[str]) -> list[str]:
    """The role of each sentence, given the index of its block and the section path of each sentence.

    A question that ends its paragraph and is followed by a list introduces that list (a lead-in),
    like a sentence ending in ":"; a heading's text repeated in the body is still a heading.
    """
    titles = {title_key(t) for path in set(section_of) for t in path.split(" > ") if t}
    roles = []
    for (span, bi), section in zip(sentences, section_of):
        s = text[span.start:span.end]
        block = blocks[bi]
        last_of_block = span.end >= block.end
        followed_by_list = last_of_block and bi + 1 < len(blocks) and blocks[bi + 1].kind == "item"
        leaf = section.split(" > ")[-1] if section else ""
        if is_reference(s) or (_LITERATURE_SECTION.search(leaf) and block.kind == "item"):
            roles.append(REFERENCE)
        elif block.kind == "row":
            roles.append(TABLE_ROW)
        elif s.endswith(":") or (s.endswith("?") and followed_by_list and block.kind == "paragraph"):
            roles.append(LEAD_IN)
        elif s.endswith("?"):
            roles.append(QUESTION)
        elif title_key(s) in titles:
            roles.append(HEADING)
        elif block.kind == "item":
            roles.append(LIST_ITEM)
        else:
            roles.append(BODY)
    return roles
