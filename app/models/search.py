"""The case search's index: each case's two-character pieces (bigrams) of its case number and cause.

A substring test cannot use a B-tree index, so a search for "民初" by a department that has none read every one
of its cases. The postings here say which cases hold a bigram, by court and department, so a search that matches
few cases reads only those (app/search.py). Database triggers on ``cases`` keep them current whoever writes the
cases (the importer's bulk statements, the demo, the ORM); migration 0023 creates the triggers. A bulk import
defers the insert trigger's work and adds the postings of its new cases in one sorted statement at the end
(app/search.py ``deferred_postings``), which costs a third of adding them row by row.
"""

from __future__ import annotations

from sqlalchemy import Column, Integer, String, Table

from app.extensions import db

# No foreign keys: the triggers delete a case's postings with the case, and a key check on each of the
# several postings a case adds would slow the bulk import.
case_grams = Table(
    "case_grams",
    db.metadata,
    Column("court_id", Integer, primary_key=True, autoincrement=False),
    Column("gram", String(2), primary_key=True),
    Column("department_id", Integer, primary_key=True, autoincrement=False),
    Column("case_id", Integer, primary_key=True, autoincrement=False),
    sqlite_with_rowid=False,  # on SQLite the key is the table: one B-tree, not a table and an index
)

# A row here, written inside an import's transaction (so no other connection sees it), tells the insert trigger
# to leave the postings of cases with ids above ``after_case_id`` to the import's end.
search_deferrals = Table("search_deferrals", db.metadata, Column("id", Integer, primary_key=True),
                         Column("after_case_id", Integer, nullable=False))

# The numbers 1..SEARCH_POSITIONS, which SQLite's triggers walk to cut a text into bigrams (SQLite allows no WITH
# clause in a trigger, and a table read by its key stops at the text's length). Filled by the migration; its
# rows are part of the schema, not data (``info["fixed"]``: the tests' table emptying leaves it alone).
SEARCH_POSITIONS = 256
search_positions = Table("search_positions", db.metadata, Column("n", Integer, primary_key=True, autoincrement=False),
                         info={"fixed": True})
