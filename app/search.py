"""Case search by case number or cause: the same cases, in the same order, as a substring test, without reading
every case of a department to find that it has none.

Cases hold a substring term when their case number or cause contains it (a literal test: ``%`` and ``_`` are
characters, not wildcards). The index (app/models/search.py: added to by the imports, kept current by triggers)
lists, per court and department, the cases holding each bigram. A term is searched one of two ways:

- *few matches* — the cases holding the term's rarest indexed bigram in scope are at most ``SPARSE_AT_MOST``:
  read just those and confirm each with the substring test;
- *many matches*, or no indexed bigram (one character, or only digits, brackets and 号): walk the list newest
  first with the substring test, which stops after a page and a capped count because matches are dense.

The walk was the only way before: a search for "民初" by the enforcement bureau read its 320,000 cases.
"""

from __future__ import annotations

from sqlalchemy import Select, false, func, or_, select, text

from app.cases import CaseNumberError, parse_case_number
from app.extensions import db
from app.models import Case, case_grams
from app.policy import CaseScope

# Past this many candidates the walk is cheaper: a page and a count capped at 1,000 read about
# 1,000 × (cases in scope ÷ matches) rows, against every candidate read (and sorted) when they are few.
SPARSE_AT_MOST = 10_000

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
# Bigrams with one of these are not indexed (migration 0023 keeps to the same rule): the numbering part of a case
# number, common to most cases, which would add postings that the walk serves as well.
_NOT_INDEXED = frozenset("0123456789()（）〔〕号")


def indexed_grams(text: str) -> set[str]:
    """The bigrams of ``text`` the index holds: ASCII letters in lower case (SQLite's LIKE ignores their case,
    so the index must too), none with a digit, a bracket or 号."""
    folded = text.translate(_ASCII_LOWER)
    return {folded[i:i + 2] for i in range(len(folded) - 1) if not _NOT_INDEXED & set(folded[i:i + 2])}


def search_cases(scope: CaseScope, term: str) -> Select[tuple[Case]]:
    """The cases in ``scope`` (who may see which: app/policy.py) that ``term`` finds, unordered: a whole case
    number by the unique index, otherwise the cases whose case number or cause contains it; every case for an empty
    term."""
    query = select(Case)
    if not term:
        return query.where(scope.condition())
    try:  # a whole case number is looked up by the index, not by reading every case for a substring
        number = str(parse_case_number(term))
        return query.where(scope.condition(), Case.case_number == number)
    except CaseNumberError:
        pass
    contains = or_(Case.case_number.contains(term, autoescape=True), Case.cause.contains(term, autoescape=True))
    postings = [case_grams.c.court_id == scope.court_id]
    if scope.department_ids is not None:
        in_departments = case_grams.c.department_id.in_(sorted(scope.department_ids))
        postings.append(or_(in_departments, case_grams.c.case_id.in_(sorted(scope.case_ids))) if scope.case_ids
                        else in_departments)
    rarest, fewest = None, SPARSE_AT_MOST + 1
    for gram in sorted(indexed_grams(term)):
        found = db.session.scalar(select(func.count()).select_from(
            select(case_grams.c.case_id).where(*postings, case_grams.c.gram == gram).limit(fewest).subquery()))
        if found < fewest:
            rarest, fewest = gram, found
        if fewest == 0:
            break
    if rarest is None:  # many matches (or no bigram to look up): walk the list newest first
        return query.where(scope.condition(), contains)
    # Few: read the candidates by primary key, their ids given as values so that no planner can prefer walking
    # an index in the list's order and testing every case in scope against them (SQLite does, given a subquery);
    # the scope is tested, not looked up by its indexes, for the same reason ("+ 0" makes a column an expression,
    # which no index serves: SQLite's documented way to steer its planner).
    candidates = list(db.session.scalars(select(case_grams.c.case_id).where(*postings, case_grams.c.gram == rarest)))
    if not candidates:
        return query.where(false())
    return query.where(Case.id.in_(candidates), scope.condition(Case.court_id + 0, Case.department_id + 0), contains)


def newest_case_id() -> int:
    """The highest case id so far: the cases a writer inserts after reading it are the ones above it."""
    return db.session.scalar(select(func.coalesce(func.max(Case.id), 0)))


# SQLite's form of migration 0023's rule (indexed_grams) for the cases after :after, sorted by the key so that the
# B-tree is written in order (a third of the time of adding them case by case).
_SQLITE_NEW = text("""
INSERT OR IGNORE INTO case_grams (court_id, gram, department_id, case_id)
SELECT c.court_id, t.gram, c.department_id, c.id FROM (
  SELECT id, lower(substr(case_number, n, 2)) AS gram FROM cases JOIN search_positions ON n < length(case_number)
   WHERE id > :after
  UNION ALL
  SELECT id, lower(substr(cause, n, 2)) FROM cases JOIN search_positions ON n < length(cause) WHERE id > :after
) AS t JOIN cases AS c ON c.id = t.id
WHERE t.gram NOT GLOB '*[0-9()（）〔〕号]*'
ORDER BY 1, 2, 3, 4
""")
_POSTGRESQL_NEW = text("""
INSERT INTO case_grams (court_id, gram, department_id, case_id)
SELECT c.court_id, g, c.department_id, c.id
FROM cases AS c CROSS JOIN LATERAL case_grams_of(c.case_number, c.cause) AS g
WHERE c.id > :after
ON CONFLICT DO NOTHING
""")


def index_cases_after(case_id: int) -> None:
    """Add the postings of the cases with ids above ``case_id`` (the cases an import inserted), in the writer's
    transaction. Whoever inserts cases calls it (``run_case_import`` does); changes and deletions are the
    triggers' (migration 0023). Cases already indexed are left as they are."""
    statement = _POSTGRESQL_NEW if db.session.get_bind().dialect.name == "postgresql" else _SQLITE_NEW
    db.session.execute(statement, {"after": case_id})
