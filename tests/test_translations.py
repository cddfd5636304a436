"""Every text the code shows has its Chinese: the catalogue covers what the extractor finds, and no text hides
where the extractor cannot see it (Python 3.11's tokenizer gives Babel an f-string as one opaque string)."""

from __future__ import annotations

import ast
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
GETTEXT_NAMES = {"_", "_l", "gettext", "lazy_gettext", "ngettext"}


def _calls_gettext(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id in GETTEXT_NAMES
               for n in ast.walk(node))


def test_no_text_to_translate_is_written_inside_an_f_string():
    hidden = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr) and any(_calls_gettext(v) for v in node.values
                                                       if isinstance(v, ast.FormattedValue)):
                hidden.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert hidden == [], "gettext inside an f-string is never extracted, so never translated: " + ", ".join(hidden)


def test_every_text_the_code_shows_has_its_chinese():
    with open(ROOT / "app/translations/zh/LC_MESSAGES/messages.po", "rb") as f:
        catalogue = read_po(f, locale="zh")
    translated = {m.id if isinstance(m.id, str) else m.id[0] for m in catalogue if m.id and m.string
                  and not m.fuzzy}
    method_map = [("app/**.py", "python"), ("templates/**.html", "jinja2")]
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "_l": None, "lazy_gettext": None}
    missing = sorted({(message if isinstance(message, str) else message[0]) + f"  ({file}:{line})"
                      for file, line, message, _comments, _context in extract_from_dir(
                          str(ROOT), method_map, keywords=keywords)
                      if (message if isinstance(message, str) else message[0]) not in translated})
    assert missing == [], "no Chinese for: " + "; ".join(missing[:20])
