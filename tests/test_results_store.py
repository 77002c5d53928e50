"""The results store: schema, refusals, all-or-nothing writes, idempotence, renames; on SQLite
and PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from cxplan.results.store import (
    SCHEMA,
    Batch,
    Rating,
    Store,
    StoreError,
    Submission,
    open_store,
)

DAY = dt.date(2026, 3, 2)


def submission(
    key: str, *answers: tuple[str, str], revision: str = "", site: str = "quay"
) -> Submission:
    return Submission(
        key=key,
        kind="checklist",
        source=f"f.pdf {key}",
        day=DAY,
        site=site,
        auditor="Ana",
        revision=revision,
        answers=[(std, result, None, 1.0, int(std == "crit")) for std, result in answers],
    )


def batch(sha: str, *subs: Submission) -> Batch:
    return Batch(file="f.csv", sha256=sha, kind="csv", plan_version=None, submissions=list(subs))


def test_a_new_store_has_the_documented_tables_and_its_version(store_place: str) -> None:
    with open_store(store_place) as store:
        assert store.version() == SCHEMA
        assert {"meta", "imports", "submissions", "answers", "ratings", "responses", "renames"} <= (
            store.tables()
        )
    with open_store(store_place) as again:  # opening again changes nothing
        assert again.version() == SCHEMA
        assert again.count("submissions") == 0


def test_an_import_is_stored_whole_and_a_second_time_adds_nothing(store_place: str) -> None:
    with open_store(store_place) as store:
        first = batch(
            "h1",
            submission("a", ("greet", "yes"), ("crit", "no"), ("tidy", "na")),
            submission("b", ("greet", "blank")),
        )
        saved = store.save(first)
        assert (saved.added, saved.answers, saved.duplicate) == (2, 4, False)
        assert store.save(first).duplicate
        assert store.count("submissions") == 2 and store.count("answers") == 4
        rows = store.db.rows(
            "SELECT key, yes, no, na, blank, yes_weight, answered_weight, critical_failed "
            "FROM submissions ORDER BY key"
        )
        assert [tuple(r) for r in rows] == [
            ("a", 1, 1, 1, 0, 1.0, 2.0, 1),
            ("b", 0, 0, 0, 1, 0.0, 0.0, 0),
        ]


def test_an_audit_appended_again_is_replaced_only_by_a_newer_revision(store_place: str) -> None:
    with open_store(store_place) as store:
        store.save(batch("h1", submission("audit-1", ("greet", "no"), revision="2026-03-01")))
        older = store.save(
            batch("h2", submission("audit-1", ("greet", "yes"), revision="2026-02-01"))
        )
        assert (older.added, older.replaced) == (0, 0)
        newer = store.save(
            batch("h3", submission("audit-1", ("greet", "yes"), revision="2026-03-05"))
        )
        assert (newer.added, newer.replaced) == (0, 1)
        assert store.db.rows("SELECT result FROM answers") == [("yes",)]
        assert store.count("submissions") == 1


def test_a_failing_import_leaves_the_store_as_it_was(
    store_place: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(store_place) as store:
        store.save(batch("h1", submission("a", ("greet", "yes"))))
        insert = Store._insert

        def dies_after_writing(self: Store, *args: Any) -> int:
            insert(self, *args)
            raise RuntimeError("killed")

        monkeypatch.setattr(Store, "_insert", dies_after_writing)
        broken = batch("h2", submission("b", ("greet", "yes")), submission("c", ("greet", "no")))
        with pytest.raises(RuntimeError):
            store.save(broken)
        assert store.count("submissions") == 1 and store.count("imports") == 1
        assert store.seen("h2") is None
        # The bigger import had set the answers' indexes aside to build them after its rows.
        assert answer_indexes(store) == {"answers_by_standard", "answers_critical_no"}


def answer_indexes(store: Store) -> set[str]:
    if store.db.dialect == "sqlite":
        sql = "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'answers'"
    else:
        sql = "SELECT indexname FROM pg_indexes WHERE tablename = 'answers'"
    return {str(r[0]) for r in store.db.rows(sql)} - {"answers_pkey"}


def test_a_big_import_builds_the_answers_indexes_after_its_rows(store_place: str) -> None:
    with open_store(store_place) as store:
        first = [submission(f"a{i}", ("greet", "yes"), ("crit", "no")) for i in range(3)]
        store.save(batch("h1", *first))  # more than the empty store holds: built after
        store.save(batch("h2", submission("b", ("crit", "no"))))  # fewer: built row by row
        assert answer_indexes(store) == {"answers_by_standard", "answers_critical_no"}
        failed = store.db.rows("SELECT COUNT(*) FROM answers WHERE critical = 1 AND result = 'no'")[
            0
        ][0]
        by_standard = store.db.rows("SELECT COUNT(*) FROM answers WHERE standard = 'greet'")
        assert (failed, by_standard[0][0]) == (4, 3)


def test_ratings_are_stored_with_their_walk_through(store_place: str) -> None:
    with open_store(store_place) as store:
        walk = Submission("w", "walk-through", "walk.pdf", DAY, ratings=[Rating("door", 4, "yes")])
        store.save(batch("h1", walk))
        assert store.db.rows("SELECT touchpoint, rating, standout FROM ratings") == [
            ("door", 4, "yes")
        ]


def test_a_rename_carries_stored_results_and_later_files_along(store_place: str) -> None:
    with open_store(store_place) as store:
        store.save(batch("h1", submission("a", ("greet", "yes"), ("tidy", "no"))))
        assert store.rename("standard", "greet", "welcome") == 1
        assert store.rename("standard", "welcome", "hello") == 1
        assert sorted(r[0] for r in store.db.rows("SELECT standard FROM answers")) == [
            "hello",
            "tidy",
        ]
        # A checklist printed before both renames is read with today's id.
        assert store.renames("standard") == {"greet": "hello", "welcome": "hello"}
        store.rename("location", "quay", "quay-street")
        assert store.db.rows("SELECT site FROM submissions") == [("quay-street",)]


def test_a_file_that_is_not_a_store_is_refused_and_left_alone(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_text("my notes", encoding="utf-8")
    with pytest.raises(StoreError, match="not a SQLite database"):
        open_store(str(text))
    assert text.read_text(encoding="utf-8") == "my notes"

    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as db:
        db.execute("CREATE TABLE invoices (n INTEGER)")
    before = other.read_bytes()
    with pytest.raises(StoreError, match="another program"):
        open_store(str(other))
    assert other.read_bytes() == before

    app = tmp_path / "app.sqlite"
    with sqlite3.connect(app) as db:
        db.execute("PRAGMA application_id = 1234")
        db.execute("CREATE TABLE t (n INTEGER)")
    with pytest.raises(StoreError, match="another program"):
        open_store(str(app))


def test_a_store_from_a_newer_cxplan_is_refused(store_place: str) -> None:
    with open_store(store_place) as store, store.db.begin():
        store.set_meta("schema", str(SCHEMA + 1))
    with pytest.raises(StoreError, match="newer cxplan"):
        open_store(store_place)


def test_a_damaged_store_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "r.sqlite"
    open_store(str(path)).close()
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError):
        open_store(str(path))


def test_a_killed_import_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    db = tmp_path / "r.sqlite"
    with open_store(str(db)) as store:
        store.save(batch("h0", submission("first", ("greet", "yes"))))
    # A child that stores a big import slowly, and is killed while it writes.
    script = f"""
import datetime as dt, time
from cxplan.results import store as st
s = st.open_store({str(db)!r})
subs = [st.Submission(f"k{{i}}", "audit", "x", dt.date(2026, 1, 1),
        answers=[(f"s{{j}}", "yes", None, 1.0, 0) for j in range(40)]) for i in range(4000)]
flush = st.Store._flush
def slow(self, *args):
    flush(self, *args)
    print("wrote", flush=True)
    time.sleep(30)
st.Store._flush = slow
s.save(st.Batch("big.csv", "h1", "csv", None, subs))
"""
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "wrote"  # rows are in, not committed
    child.send_signal(signal.SIGKILL)
    child.wait()
    child.stdout.close()
    time.sleep(0.1)
    with open_store(str(db)) as store:
        assert store.count("imports") == 1 and store.count("submissions") == 1
        assert store.db.rows("PRAGMA integrity_check") == [("ok",)]
        assert store.seen("h1") is None
        again = batch("h1", submission("again", ("greet", "no")))
        assert store.save(again).added == 1


def test_a_store_of_the_previous_schema_is_migrated_and_keeps_its_rows(
    store_place: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cxplan.plan.model import Plan
    from cxplan.results import store as store_module
    from cxplan.results.scores import Scores

    # A store as the cxplan before roles of checklists wrote it: schema 1, one audit.
    monkeypatch.setattr(store_module, "SCHEMA", 1)
    with open_store(store_place) as old:
        assert old.version() == 1
        with old.db.begin():
            old.db.run(
                "INSERT INTO imports (id, file, sha256, kind, imported_at, submissions, answers) "
                "VALUES (1, 'old.csv', 'h0', 'long', '2026-03-01T00:00:00+00:00', 1, 1)"
            )
            old.db.run(
                "INSERT INTO submissions (id, import_id, key, revision, kind, source, "
                "file_sha256, site, day, dayno, yes, no, na, blank, yes_weight, answered_weight, "
                "critical_failed) VALUES (1, 1, 'k0', '', 'audit', 'old.csv:2', 'h0', 'quay', "
                f"'{DAY.isoformat()}', {DAY.toordinal()}, 0, 1, 0, 0, 0, 1, 0)"
            )
            old.db.run(
                "INSERT INTO answers (submission, standard, result, weight, critical) "
                "VALUES (1, 'greet', 'no', 1, 0)"
            )
        assert "role" not in _columns(old, "submissions")
    monkeypatch.setattr(store_module, "SCHEMA", SCHEMA)
    with open_store(store_place) as store:
        assert store.version() == SCHEMA == 2
        assert "role" in _columns(store, "submissions")
        assert store.db.rows("SELECT key, role FROM submissions") == [("k0", None)]
        sub = submission("k1", ("greet", "yes"), ("tidy", "yes"))
        sub.role = "Front desk"
        store.save(batch("h1", sub))
        plan = Plan.model_validate(
            {
                "cxplan": 1,
                "client": {"name": "T"},
                "standards": [
                    {"id": "greet", "role": "Reception"},
                    {"id": "tidy", "role": "Cleaner"},
                ],
            }
        )
        roles = {c.key: (c.yes, c.no, c.audits) for c in Scores(store, plan).by_role()}
    # The old audit's answer falls back to the plan's role; the checklist's count as its.
    assert roles == {"Reception": (0, 1, 1), "Front desk": (2, 0, 1)}


def _columns(store: Store, table: str) -> set[str]:
    if store.db.dialect == "sqlite":
        return {str(r[1]) for r in store.db.rows(f"PRAGMA table_info({table})")}
    sql = "SELECT column_name FROM information_schema.columns WHERE table_name = :t"
    return {str(r[0]) for r in store.db.rows(sql, {"t": table})}
