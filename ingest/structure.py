"""Find the section path of every block, using a table of contents when the document has one."""
from __future__ import annotations

import re

from index.records import Block, Section
from index.roles import title_key

TOC_LINE = re.compile(r"^(?P<title>.+?)\s+\d{1,3}$")


def _toc_titles(text: str, blocks: list[Block]) -> set[str]:
    """Titles listed after an 'Inhoudsopgave'/'Inhoud'/'Contents' heading ("Title 12" lines)."""
    titles: set[str] = set()
    in_toc = False
    for b in blocks:
        t = text[b.start:b.end].strip()
        if title_key(t) in {"inhoudsopgave", "inhoud", "contents", "tableofcontents"}:
            in_toc = True
            continue
        if in_toc:
            m = TOC_LINE.match(t)
            if not m:
                if titles:
                    break
                continue
            titles.add(title_key(m.group("title")))
    return titles


def heading_titles(text: str, blocks: list[Block], toc: set[str]) -> dict[int, str]:
    """Each heading block's title (by block start): its text, or, when that text is a title of the document (a
    heading's or the table of contents') with a name glued on in lower case, that title. A chapter's divider page
    may set the publisher's logo beside its title, and the text then reads "Potentiële spanningen common eye"
    where the document writes "Common Eye": no section path should."""
    heads = [b for b in blocks if b.kind == "heading"]
    titles = {b.start: text[b.start:b.end].strip() for b in heads}
    known = {title_key(t) for t in titles.values()} | toc
    for start, title in titles.items():
        words = title.split()
        for n in range(1, min(3, len(words) - 1) + 1):
            bare, tail = " ".join(words[:-n]), " ".join(words[-n:])
            if tail.islower() and title_key(bare) in known and tail.title() in text:
                titles[start] = bare
                break
    return titles


def sections(text: str, blocks: list[Block]) -> list[Section]:
    """One Section per run of blocks under the same heading path."""
    toc = _toc_titles(text, blocks)
    titles = heading_titles(text, blocks, toc)
    chapters = {title_key(titles[b.start]) for b in blocks if b.kind == "heading" and b.level == 1}
    path: list[tuple[int, str]] = []
    result: list[Section] = []
    current_start = 0

    def emit(end: int) -> None:
        if end > current_start:
            result.append(Section(current_start, end, " > ".join(t for _, t in path)))

    for b in blocks:
        if b.kind != "heading":
            continue
        title = titles[b.start]
        key = title_key(title)
        if TOC_LINE.match(title) and re.sub(r"\d+$", "", key) in toc:
            continue  # a line of the table of contents itself
        if toc:
            level = 1 if key in chapters else 2 if key in toc else 3
        else:
            level = 1 if b.level == 1 else 2
        emit(b.start)
        current_start = b.start
        path = [(lvl, t) for lvl, t in path if lvl < level] + [(level, title)]
    emit(len(text))
    return result


def section_at(secs: list[Section], pos: int) -> str:
    for s in secs:
        if s.start <= pos < s.end:
            return s.path
    return ""
