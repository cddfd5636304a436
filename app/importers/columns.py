"""Which of a file's columns holds which of ours: our own header, one of its usual spellings
(header_synonyms.toml), or the office's own choice saved as an import profile."""

from __future__ import annotations

import tomllib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

SYNONYMS_FILE = Path(__file__).with_name("header_synonyms.toml")
# The column every import is keyed by.
KEY = "案号"


def normalize(text: str) -> str:
    """A header as compared: NFKC (full-width brackets and letters become half-width), no spaces of any width,
    no leading "*" (templates mark required columns so)."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lstrip("*")


@cache
def _table() -> dict[str, dict]:
    with open(SYNONYMS_FILE, "rb") as f:
        return tomllib.load(f)


def spellings(kind: str) -> dict[str, list[str]]:
    """Our header → the other spellings accepted for it (for the template and the README)."""
    return {ours: list(others) for ours, others in _table()[kind].get("synonyms", {}).items()}


@cache
def _lookup(kind: str) -> dict[str, str]:
    """Normalised spelling → our header (our own headers included)."""
    table: dict[str, str] = {}
    for ours, others in spellings(kind).items():
        table[normalize(ours)] = ours
        for other in others:
            table.setdefault(normalize(other), ours)
    return table


@cache
def _ignored(kind: str) -> frozenset[str]:
    return frozenset(normalize(h) for h in _table()[kind].get("ignore", []))


def ignored_headers(kind: str) -> list[str]:
    return list(_table()[kind].get("ignore", []))


@dataclass
class Placement:
    """Where our columns are in one file."""

    positions: dict[str, int] = field(default_factory=dict)  # our header → the file's column index
    unplaced: list[tuple[int, str]] = field(default_factory=list)  # the file's columns we cannot place
    ignored: list[str] = field(default_factory=list)  # the file's columns left out on purpose

    def missing(self, ours: Sequence[str]) -> list[str]:
        return [h for h in ours if h not in self.positions]

    def needs_mapping(self, ours: Sequence[str]) -> bool:
        """Columns we cannot place while some of ours are absent: perhaps ours under a name we do not know, so a
        person says which is which. A file with all of ours keeps ignoring its extra columns."""
        return bool(self.unplaced) and bool(self.missing(ours))


def place_columns(header: Sequence[str], kind: str, ours: Sequence[str],
                  mapping: Mapping[str, str] | None = None) -> Placement:
    """Place each column of ``header``: by the profile's ``mapping`` (normalised header → our header, "" for
    ignore) first, then by our header spelled exactly, then by a usual spelling. A second column for a field
    already placed is left unplaced (the office says which one counts)."""
    lookup, ignored = _lookup(kind), _ignored(kind)
    placement = Placement()
    keys = [normalize(h) for h in header]
    pending: list[tuple[int, str, str]] = []
    for index, (text, key) in enumerate(zip(header, keys, strict=True)):
        if not key:
            continue
        if mapping is not None and key in mapping:
            target = mapping[key]
            if not target:
                placement.ignored.append(text)
            elif target in ours and target not in placement.positions:
                placement.positions[target] = index
            else:
                placement.unplaced.append((index, text))
        else:
            pending.append((index, text, key))
    # Exact spellings of ours before synonyms, so "结案方式" wins over "结案方式(一审)" when a file has both.
    for exact in (True, False):
        for index, text, key in pending:
            target = lookup.get(key)
            if target is None or (target == key) != exact:
                continue
            if target in ours and target not in placement.positions:
                placement.positions[target] = index
            else:
                placement.unplaced.append((index, text))
    for index, text, key in pending:
        if key not in lookup:
            (placement.ignored.append(text) if key in ignored else placement.unplaced.append((index, text)))
    placement.unplaced.sort()
    return placement


def header_test(kind: str) -> Callable[[list[str]], bool]:
    """Whether a row is the header row: it holds 案号 and at least one more of our columns (by any spelling)."""
    lookup = _lookup(kind)

    def is_header(cells: list[str]) -> bool:
        found = {lookup.get(normalize(c)) for c in cells if c}
        return KEY in found and len(found - {None}) >= 2

    return is_header


def header_key(header: Sequence[str]) -> list[str]:
    """The file's headers as a profile remembers them: normalised, sorted, without empty ones."""
    return sorted({normalize(h) for h in header} - {""})
