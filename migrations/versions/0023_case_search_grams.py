"""Case search: bigram postings of case numbers and causes; triggers keep them current when cases change

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-03 02:30:00

The rule for which bigrams are kept is app/search.py's (``indexed_grams``): ASCII letters folded to lower case
(SQLite's LIKE ignores their case), and no bigram holding a digit, a bracket or 号 — the numbering part of a case
number, shared by most cases, which the search reads by walking the list instead. The SQL below must keep to the
same rule. SQLite's triggers walk the numbers in search_positions (no WITH clause is allowed inside a trigger).
New cases get theirs from the import that writes them, in one sorted statement at its end (app/search.py
``index_cases_after``): on SQLite any trigger on INSERT, even one that does nothing, slows the bulk insert of cases
by a quarter (a statement journal per row), and the import would add them row by row at three times the cost.
"""
import sqlalchemy as sa
from alembic import op


revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

# Longest text the triggers read: cause is String(200), case_number String(60); SQLite does not enforce lengths,
# so a little more (app/models/search.py SEARCH_POSITIONS).
_POSITIONS = "search_positions"
_UPPER, _LOWER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz"


def _sqlite_grams(row: str) -> str:
    """The distinct indexed bigrams of ``row`` (NEW or OLD) as a one-column SELECT (column ``gram``)."""
    return (
        f"SELECT DISTINCT gram FROM ("
        f"SELECT lower(substr({row}.case_number, n, 2)) AS gram FROM {_POSITIONS} WHERE n < length({row}.case_number)"
        f" UNION ALL SELECT lower(substr({row}.cause, n, 2)) FROM {_POSITIONS} WHERE n < length({row}.cause))"
        " WHERE gram NOT GLOB '*[0-9()（）〔〕号]*'"
    )


def _sqlite_insert(row: str) -> str:
    return (f"INSERT OR IGNORE INTO case_grams (court_id, gram, department_id, case_id) "
            f"SELECT {row}.court_id, gram, {row}.department_id, {row}.id FROM ({_sqlite_grams(row)});")


def _sqlite_delete(row: str) -> str:
    # By the whole key, one lookup per bigram: the key does not start with case_id.
    return (f"DELETE FROM case_grams WHERE court_id = {row}.court_id AND department_id = {row}.department_id "
            f"AND case_id = {row}.id AND gram IN ({_sqlite_grams(row)});")


_CHANGED = {
    "sqlite": "OLD.case_number IS NOT NEW.case_number OR OLD.cause IS NOT NEW.cause "
              "OR OLD.department_id IS NOT NEW.department_id OR OLD.court_id IS NOT NEW.court_id",
    "postgresql": "OLD.case_number IS DISTINCT FROM NEW.case_number OR OLD.cause IS DISTINCT FROM NEW.cause "
                  "OR OLD.department_id IS DISTINCT FROM NEW.department_id OR OLD.court_id IS DISTINCT FROM NEW.court_id",
}

_POSTGRESQL = f"""
CREATE FUNCTION case_grams_of(number text, cause text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $$
  SELECT DISTINCT gram FROM (
    SELECT translate(substr(number, i, 2), '{_UPPER}', '{_LOWER}') AS gram
      FROM generate_series(1, length(number) - 1) AS i
    UNION ALL
    SELECT translate(substr(cause, i, 2), '{_UPPER}', '{_LOWER}') FROM generate_series(1, length(cause) - 1) AS i
  ) AS grams WHERE gram !~ '[0-9()（）〔〕号]'
$$;

CREATE FUNCTION case_grams_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM case_grams WHERE court_id = OLD.court_id AND department_id = OLD.department_id
    AND case_id = OLD.id AND gram = ANY(ARRAY(SELECT case_grams_of(OLD.case_number, OLD.cause)));
  INSERT INTO case_grams (court_id, gram, department_id, case_id)
    SELECT NEW.court_id, g, NEW.department_id, NEW.id FROM case_grams_of(NEW.case_number, NEW.cause) AS g
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

-- The bigrams as an array, not a subquery: the key (court, gram, ...) is then looked up once per bigram; with
-- IN (SELECT ...) the planner scanned the court's postings for every case deleted (quadratic).
CREATE FUNCTION case_grams_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM case_grams WHERE court_id = OLD.court_id AND department_id = OLD.department_id
    AND case_id = OLD.id AND gram = ANY(ARRAY(SELECT case_grams_of(OLD.case_number, OLD.cause)));
  RETURN NULL;
END $$;

CREATE TRIGGER case_grams_update AFTER UPDATE OF case_number, cause, department_id, court_id ON cases
  FOR EACH ROW WHEN ({_CHANGED["postgresql"]}) EXECUTE FUNCTION case_grams_updated();
CREATE TRIGGER case_grams_delete AFTER DELETE ON cases FOR EACH ROW EXECUTE FUNCTION case_grams_deleted();
"""


def upgrade():
    op.create_table(
        "case_grams",
        sa.Column("court_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("gram", sa.String(length=2), nullable=False),
        sa.Column("department_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("case_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("court_id", "gram", "department_id", "case_id"),
        sqlite_with_rowid=False,
    )
    # The triggers find a changed or deleted case's postings by it: the key starts with the court, and without
    # this PostgreSQL scanned the court's postings for every case deleted (emptying many cases took minutes).
    op.create_index("ix_case_grams_case_id", "case_grams", ["case_id"])
    op.create_table("search_positions", sa.Column("n", sa.Integer(), autoincrement=False, nullable=False),
                    sa.PrimaryKeyConstraint("n"))
    op.execute("INSERT INTO search_positions (n) VALUES " + ",".join(f"({n})" for n in range(1, 257)))
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_POSTGRESQL)
        op.execute("INSERT INTO case_grams (court_id, gram, department_id, case_id) "
                   "SELECT c.court_id, g, c.department_id, c.id FROM cases AS c "
                   "CROSS JOIN LATERAL case_grams_of(c.case_number, c.cause) AS g")
        return
    op.execute(f"CREATE TRIGGER case_grams_update AFTER UPDATE OF case_number, cause, department_id, court_id "
               f"ON cases WHEN {_CHANGED['sqlite']} BEGIN {_sqlite_delete('OLD')} {_sqlite_insert('NEW')} END")
    op.execute(f"CREATE TRIGGER case_grams_delete AFTER DELETE ON cases BEGIN {_sqlite_delete('OLD')} END")
    # The cases already there, by the triggers' rule.
    op.execute(
        "INSERT OR IGNORE INTO case_grams (court_id, gram, department_id, case_id) "
        "SELECT c.court_id, lower(substr(t.text, p.n, 2)) AS gram, c.department_id, c.id FROM cases AS c "
        "JOIN (SELECT id, case_number AS text FROM cases UNION ALL SELECT id, cause FROM cases) AS t ON t.id = c.id "
        f"JOIN {_POSITIONS} AS p ON p.n < length(t.text) WHERE gram NOT GLOB '*[0-9()（）〔〕号]*'"
    )


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER case_grams_update ON cases; DROP TRIGGER case_grams_delete ON cases; "
                   "DROP FUNCTION case_grams_updated(); DROP FUNCTION case_grams_deleted(); "
                   "DROP FUNCTION case_grams_of(text, text)")
    else:
        for name in ("case_grams_update", "case_grams_delete"):
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table("case_grams")
    op.drop_table("search_positions")
