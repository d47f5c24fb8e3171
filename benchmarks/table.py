"""The benchmark's one record type and its one table printer."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    measure: str
    value: str
    note: str = ""


def print_table(rows: list[Row], title: str = "") -> None:
    """A Markdown table (it reads in a terminal and pastes into a closing note)."""
    if title:
        print(f"\n{title}\n")
    width = max([len(r.measure) for r in rows] + [len("measure")])
    vwidth = max([len(r.value) for r in rows] + [len("value")])
    print(f"| {'measure'.ljust(width)} | {'value'.ljust(vwidth)} | note |")
    print(f"| {'-' * width} | {'-' * vwidth} | --- |")
    for r in rows:
        print(f"| {r.measure.ljust(width)} | {r.value.ljust(vwidth)} | {r.note} |")
