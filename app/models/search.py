"""The case search's index: each case's two-character pieces (bigrams) of its case number and cause.

A substring test cannot use a B-tree index, so a search for "民初" by a department that has none read every one
of its cases. The postings here say which cases hold a bigram, by court and department, so a search that matches
few cases reads only those (app/search.py). New cases get theirs from the import that writes them (the importer
and the demo both go through ``run_case_import``, which calls ``app.search.index_cases_after``); database triggers
on ``cases`` (migration 0023) keep them current when a case's number, cause or department changes, or the case is
deleted, whoever does it.
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
    Column("case_id", Integer, primary_key=True, autoincrement=False, index=True),
    sqlite_with_rowid=False,  # on SQLite the key is the table: one B-tree, not a table and an index
)

# The numbers 1..SEARCH_POSITIONS, which SQLite's triggers walk to cut a text into bigrams (SQLite allows no WITH
# clause in a trigger, and a table read by its key stops at the text's length). Filled by the migration; its
# rows are part of the schema, not data (``info["fixed"]``: the tests' table emptying leaves it alone).
SEARCH_POSITIONS = 256
search_positions = Table("search_positions", db.metadata, Column("n", Integer, primary_key=True, autoincrement=False),
                         info={"fixed": True})
