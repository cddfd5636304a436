"""The national case-number format: （2021）豫0823民初1234号 — year, court code, type code, sequence."""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask_babel import gettext as _

# Brackets as Chinese systems write them: full-width, half-width, or the 〔〕 of formal documents.
_OPEN = re.escape("（(〔［[")
_CLOSE = re.escape("）)〕］]")
# Court codes start with the province's one-character abbreviation (兵 for the Production and Construction
# Corps courts), or are 最高法 for the Supreme People's Court.
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼兵"
_PATTERN = re.compile(
    rf"^[{_OPEN}](?P<year>\d{{4}})[{_CLOSE}]"
    rf"(?P<court>最高法|[{_PROVINCES}]\d{{0,4}})"
    r"(?P<type>[\u4e00-\u9fff]{1,6}?)"
    r"(?P<sequence>\d{1,7})号"
    r"(?P<suffix>之[一二三四五六七八九十]+)?$"
)
_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


class CaseNumberError(ValueError):
    """The text is not a case number; the message says what is wrong."""


@dataclass(frozen=True)
class CaseNumber:
    year: int
    court_code: str
    type_code: str
    sequence: int
    suffix: str | None = None

    def __str__(self) -> str:
        return f"（{self.year}）{self.court_code}{self.type_code}{self.sequence}号{self.suffix or ''}"


def parse_case_number(text: str) -> CaseNumber:
    """Parse a case number in any of its usual spellings; the canonical form is ``str()`` of the result."""
    cleaned = re.sub(r"\s+", "", str(text)).translate(_FULL_WIDTH_DIGITS)
    if not cleaned:
        raise CaseNumberError(_("The case number is empty."))
    match = _PATTERN.match(cleaned)
    if match is None:
        raise CaseNumberError(_explain(cleaned))
    year = int(match["year"])
    if not 1980 <= year <= 2100:
        raise CaseNumberError(_("The year %(year)d is not plausible.", year=year))
    sequence = int(match["sequence"])
    if sequence == 0:
        raise CaseNumberError(_("The sequence number cannot be 0."))
    return CaseNumber(year, match["court"], match["type"], sequence, match["suffix"])


def _explain(text: str) -> str:
    if not re.match(rf"^[{_OPEN}]\d{{4}}[{_CLOSE}]", text):
        return _("A case number starts with the year in brackets, e.g. （2021）.")
    if not text.endswith("号") and "号之" not in text:
        return _("A case number ends with 号.")
    rest = re.sub(rf"^[{_OPEN}]\d{{4}}[{_CLOSE}]", "", text)
    if not re.match(rf"^(最高法|[{_PROVINCES}])", rest):
        return _("The court code (e.g. 豫0823) is missing.")
    if not re.search(r"\d+号", rest):
        return _("The sequence number is missing.")
    return _("The type code or sequence cannot be read; expected e.g. 民初1234号.")
