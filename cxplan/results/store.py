"""The results store: plain, documented tables of what staff and customers answered.

An embedded SQLite file beside the plan by default (the standard library's sqlite3), or
any database SQLAlchemy reaches by URL (``postgresql://…`` for a chain whose managers
import at the same time). Both run the same SQL text with ``:name`` parameters, so the
store has one code path; only the column type of an id and a few pragmas differ.

Every write is one transaction under the store's lock (a file lock and ``BEGIN
IMMEDIATE`` on SQLite, an advisory transaction lock on PostgreSQL), so two imports never
interleave and a killed import leaves the store as it was. A file that is not a cxplan
store, or a store from a newer cxplan, is refused and never written over.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from cxplan.errors import CxplanError, RefusedError

ENV = "CXPLAN_DB"
SCHEMA = 2
APPLICATION_ID = 0x43585052  # "CXPR" in the SQLite header: this file is a cxplan store
MARK = "cxplan results"
LOCK_KEY = 0x43585052  # PostgreSQL advisory lock taken by every write
CONTENT = "#"  # a revision may end "#<digest of its answers>"; see same_content

# The schema, as migrations from one version to the next; {id} is the type of an id.
# Ids are given by the store itself under its lock, so both databases share the SQL.
MIGRATIONS: dict[int, tuple[str, ...]] = {
    1: (
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        # One row per file imported: its content hash makes a second import add nothing.
        """CREATE TABLE imports (
            id {id} PRIMARY KEY,
            file TEXT NOT NULL,
            sha256 TEXT NOT NULL UNIQUE,
            kind TEXT NOT NULL,
            plan_version TEXT,
            imported_at TEXT NOT NULL,
            submissions INTEGER NOT NULL,
            answers INTEGER NOT NULL
        )""",
        # One filled checklist, walk-through or audit. ``key`` is its natural key (the
        # file's hash and the checklist, or an inspection app's audit id).
        """CREATE TABLE submissions (
            id {id} PRIMARY KEY,
            import_id {id} NOT NULL REFERENCES imports (id),
            key TEXT NOT NULL UNIQUE,
            revision TEXT NOT NULL,
            kind TEXT NOT NULL,
            source TEXT NOT NULL,
            file_sha256 TEXT NOT NULL,
            plan_version TEXT,
            site TEXT,
            auditor TEXT,
            day TEXT NOT NULL,
            dayno INTEGER NOT NULL,
            yes INTEGER NOT NULL,
            no INTEGER NOT NULL,
            na INTEGER NOT NULL,
            blank INTEGER NOT NULL,
            yes_weight DOUBLE PRECISION NOT NULL,
            answered_weight DOUBLE PRECISION NOT NULL,
            critical_failed INTEGER NOT NULL
        )""",
        "CREATE INDEX submissions_by_day ON submissions (dayno)",
        "CREATE INDEX submissions_by_site ON submissions (site, dayno)",
        # One answer to one standard; weight and critical as the plan said at import.
        # The check is written with OR, not IN (...): SQLite builds an IN list's table
        # again for every row inserted, which was two fifths of a big import. Both
        # spellings mean the same, so stores made with either are schema 1.
        """CREATE TABLE answers (
            submission {id} NOT NULL REFERENCES submissions (id),
            standard TEXT NOT NULL,
            result TEXT NOT NULL CHECK (
                result = 'yes' OR result = 'no' OR result = 'na' OR result = 'blank'
            ),
            comment TEXT,
            weight DOUBLE PRECISION NOT NULL,
            critical INTEGER NOT NULL,
            PRIMARY KEY (submission, standard)
        ){norowid}""",
        "CREATE INDEX answers_by_standard ON answers (standard)",
        # The few answers that fail an audit, found without reading all the others.
        "CREATE INDEX answers_critical_no ON answers (submission) "
        "WHERE critical = 1 AND result = 'no'",
        # A walk-through's rating of one touchpoint.
        """CREATE TABLE ratings (
            submission {id} NOT NULL REFERENCES submissions (id),
            touchpoint TEXT NOT NULL,
            rating INTEGER CHECK (rating BETWEEN 1 AND 5),
            standout TEXT CHECK (standout IN ('yes', 'no')),
            sees TEXT,
            notes TEXT,
            PRIMARY KEY (submission, touchpoint)
        ){norowid}""",
        # One customer's answer to one measure (NPS, CSAT, CES...) from a survey export;
        # a response id seen again replaces nothing (idempotent by response and measure).
        """CREATE TABLE responses (
            response_id TEXT NOT NULL,
            measure TEXT NOT NULL,
            import_id {id} NOT NULL REFERENCES imports (id),
            day TEXT NOT NULL,
            dayno INTEGER NOT NULL,
            score DOUBLE PRECISION,
            touchpoint TEXT,
            location TEXT,
            segment TEXT,
            comment TEXT,
            PRIMARY KEY (response_id, measure)
        ){norowid}""",
        "CREATE INDEX responses_by_measure ON responses (measure, dayno)",
        # Ids renamed in the plan (`cxplan rename`): stored rows were updated, and files
        # filled in before the rename are read with the new id.
        """CREATE TABLE renames (
            kind TEXT NOT NULL,
            old TEXT NOT NULL,
            new TEXT NOT NULL,
            PRIMARY KEY (kind, old)
        )""",
    ),
    # The role whose checklist was filled in (a role's fillable checklist says it); its
    # answers count under that role. Empty for any other file, and for older stores' rows.
    2: ("ALTER TABLE submissions ADD COLUMN role TEXT",),
}

# Which columns hold which kind of id, for `cxplan rename`.
ID_COLUMNS: dict[str, tuple[tuple[str, str], ...]] = {
    "standard": (("answers", "standard"),),
    "touchpoint": (("ratings", "touchpoint"), ("responses", "touchpoint")),
    "location": (("submissions", "site"), ("responses", "location")),
    "measure": (("responses", "measure"),),
    "customer segment": (("responses", "segment"),),
}


# An answer: standard, result, comment, weight, critical (1 or 0).
Answer = tuple[str, str, str | None, float, int]
ANSWER_COLUMNS = ("submission", "standard", "result", "comment", "weight", "critical")
# The answers' own indexes (not their primary key), as the schema makes them.
ANSWER_INDEXES = tuple(
    statement
    for steps in MIGRATIONS.values()
    for statement in steps
    if statement.startswith("CREATE INDEX") and " ON answers " in statement
)


@dataclass(frozen=True)
class Rating:
    """A walk-through's rating of one touchpoint."""

    touchpoint: str
    rating: int | None
    standout: str | None = None
    sees: str | None = None
    notes: str | None = None

    def row(self) -> dict[str, Any]:
        return {
            "tp": self.touchpoint,
            "rating": self.rating,
            "standout": self.standout,
            "sees": self.sees,
            "notes": self.notes,
        }


@dataclass
class Submission:
    """One filled checklist, walk-through or audit, ready to store."""

    key: str
    kind: str  # "checklist", "walk-through" or "audit"
    source: str  # the file, and where in it
    day: dt.date
    site: str | None = None
    auditor: str | None = None
    plan_version: str | None = None
    revision: str = ""
    role: str | None = None  # the role of the checklist filled in, when it was a role's
    answers: list[Answer] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)

    def row(self, ident: int, import_id: int, sha256: str) -> dict[str, Any]:
        counts = {"yes": 0, "no": 0, "na": 0, "blank": 0}
        yes_weight = answered = 0.0
        failed = 0
        for _, result, _, weight, critical in self.answers:
            counts[result] += 1
            if result in ("yes", "no"):
                answered += weight
                if result == "yes":
                    yes_weight += weight
                elif critical:
                    failed += 1
        return {
            "id": ident,
            "import_id": import_id,
            "key": self.key,
            "revision": self.revision,
            "kind": self.kind,
            "source": self.source,
            "sha": sha256,
            "pv": self.plan_version,
            "site": self.site,
            "auditor": self.auditor,
            "role": self.role,
            "day": self.day.isoformat(),
            "dayno": self.day.toordinal(),
            **counts,
            "yw": yes_weight,
            "aw": answered,
            "cf": failed,
        }


@dataclass
class Batch:
    """Everything one file gives: stored all together or not at all."""

    file: str
    sha256: str
    kind: str
    plan_version: str | None
    submissions: list[Submission]


@dataclass(frozen=True)
class Saved:
    """What an import added to the store."""

    added: int
    replaced: int
    answers: int
    duplicate: bool


class StoreError(RefusedError):
    """The store cannot be used as it is; nothing was written to it."""


class Connection(Protocol):
    """What the store needs of a database: SQL text with ``:name`` parameters."""

    dialect: str

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a query, its rows."""

    def run(self, sql: str, params: Mapping[str, Any] | None = None) -> None:
        """Run a statement."""

    def many(self, sql: str, params: Sequence[Mapping[str, Any]]) -> None:
        """Run a statement once per set of parameters."""

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        """Insert rows given as tuples in the order of ``columns`` (the fast way in)."""

    def begin(self) -> contextlib.AbstractContextManager[None]:
        """A write transaction holding the store's lock: committed, or rolled back whole."""

    def close(self) -> None:
        """Let go of the database."""


class SqliteConnection:
    """A SQLite file through the standard library."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        _refuse_foreign(path)
        self.created = not path.exists()  # made by this open: let go of if left empty
        try:
            self._db = sqlite3.connect(path, isolation_level=None, timeout=60)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as err:
            raise StoreError(
                f"{path} is not a results store cxplan can open ({err}); it was not changed"
            ) from None

    @contextlib.contextmanager
    def _intact(self) -> Iterator[None]:
        # A damaged page shows only when a query reaches it, on open or long after: told
        # as the file's fault, never a traceback. (Constraint errors are cxplan's own.)
        try:
            yield
        except sqlite3.DatabaseError as err:
            if type(err) is not sqlite3.DatabaseError:
                raise
            raise StoreError(
                f"{self.path} is damaged ({err}); it was not changed",
                hint="Restore it from a backup, or import the files again into a new store.",
            ) from None

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        with self._intact():
            return self._db.execute(sql, params or {}).fetchall()

    def run(self, sql: str, params: Mapping[str, Any] | None = None) -> None:
        with self._intact():
            self._db.execute(sql, params or {})

    def many(self, sql: str, params: Sequence[Mapping[str, Any]]) -> None:
        with self._intact():
            self._db.executemany(sql, params)

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        marks = ", ".join("?" * len(columns))
        with self._intact():
            self._db.executemany(
                f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
            )

    @contextlib.contextmanager
    def begin(self) -> Iterator[None]:
        from cxplan.textfile import locked

        with locked(self.path):
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        self._db.close()


class SqlAlchemyConnection:
    """A database server (PostgreSQL) through SQLAlchemy Core."""

    def __init__(self, url: str) -> None:
        try:
            import sqlalchemy
        except ImportError:
            raise CxplanError(
                "a database URL needs SQLAlchemy and a driver",
                hint="Install them with: pip install 'cxplan[postgres]'",
            ) from None
        self._sa = sqlalchemy
        try:
            self._engine = sqlalchemy.create_engine(_driver_url(url))
            self._db = self._engine.connect()
        except ImportError as err:
            raise CxplanError(
                f"the database driver is missing ({err.name})",
                hint="Install it with: pip install 'cxplan[postgres]'",
            ) from None
        except sqlalchemy.exc.SQLAlchemyError as err:
            raise StoreError(f"cannot open the results database: {_short(err)}") from None
        self.dialect = self._engine.dialect.name
        self._db.commit()

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self._db.execute(self._sa.text(sql), dict(params or {}))]

    def run(self, sql: str, params: Mapping[str, Any] | None = None) -> None:
        self._db.execute(self._sa.text(sql), dict(params or {}))

    def many(self, sql: str, params: Sequence[Mapping[str, Any]]) -> None:
        if params:
            self._db.execute(self._sa.text(sql), [dict(p) for p in params])

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        marks = ", ".join(f":{c}" for c in columns)
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
        self.many(sql, [dict(zip(columns, row, strict=True)) for row in rows])

    @contextlib.contextmanager
    def begin(self) -> Iterator[None]:
        if self._db.in_transaction():
            self._db.commit()
        with self._db.begin():
            if self.dialect == "postgresql":
                self.run("SELECT pg_advisory_xact_lock(:key)", {"key": LOCK_KEY})
            yield

    def close(self) -> None:
        self._db.close()
        self._engine.dispose()


def _driver_url(url: str) -> str:
    # postgresql:// means the psycopg (3) driver, the one the [postgres] extra installs.
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def _short(err: BaseException) -> str:
    text = str(getattr(err, "orig", None) or err).strip().splitlines()
    return text[0] if text else type(err).__name__


def _refuse_foreign(path: Path) -> None:
    """Refuse a file that is not a SQLite database: it is someone's, never overwritten."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a results store")
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as handle:
        head = handle.read(100)
    if not head.startswith(b"SQLite format 3\x00"):
        raise StoreError(
            f"{path} is not a results store (it is not a SQLite database); it was not changed",
            hint="Give another place with --db (or CXPLAN_DB).",
        )
    app = int.from_bytes(head[68:72], "big")
    if app not in (0, APPLICATION_ID):
        raise StoreError(
            f"{path} is another program's SQLite database, not a cxplan results store; it "
            "was not changed",
            hint="Give another place with --db (or CXPLAN_DB).",
        )


class Store:
    """The results of one plan: open it with ``open_store``; read and write through it."""

    def __init__(self, db: Connection, where: str) -> None:
        self.db = db
        self.where = where
        self._ready()

    # ------------------------------------------------------------------ schema

    def _ready(self) -> None:
        """Check what the database holds, and create or migrate the schema."""
        self._migrate_to_latest()
        if self.db.dialect == "sqlite":
            # Only once the file is known to be ours: readers never wait for a writer.
            self.db.run("PRAGMA journal_mode = WAL")

    def _migrate_to_latest(self) -> None:
        version = self.version()
        if version == SCHEMA:
            return
        if version > SCHEMA:
            raise StoreError(
                f"{self.where} was written by a newer cxplan (schema {version}; this one "
                f"knows {SCHEMA}); it was not changed",
                hint="Upgrade cxplan to read it.",
            )
        with self.db.begin():
            version = self.version()  # another import may have made it meanwhile
            if version == 0:
                self._check_empty()
            for step in range(version + 1, SCHEMA + 1):
                self._migrate(step)

    def version(self) -> int:
        """The schema version of the store: 0 for an empty database."""
        tables = self.tables()
        if "meta" not in tables:
            return 0
        rows = dict(self.db.rows("SELECT key, value FROM meta"))
        if rows.get("application") != MARK:
            raise StoreError(f"{self.where} is not a cxplan results store; it was not changed")
        try:
            return int(rows.get("schema", "0"))
        except ValueError:
            raise StoreError(f"{self.where}: its schema version is damaged") from None

    def tables(self) -> set[str]:
        """The names of the tables in the database."""
        if self.db.dialect == "sqlite":
            sql = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = "
            sql += "current_schema()"
        try:
            return {str(r[0]) for r in self.db.rows(sql)}
        except sqlite3.DatabaseError as err:
            raise StoreError(
                f"{self.where} is damaged or not a database ({err}); it was not changed"
            ) from None

    def _check_empty(self) -> None:
        if self.tables():
            raise StoreError(
                f"{self.where} already holds tables of another program, not a cxplan results "
                "store; it was not changed",
                hint="Give an empty database or another file with --db (or CXPLAN_DB).",
            )

    def _migrate(self, step: int) -> None:
        sqlite = self.db.dialect == "sqlite"
        for statement in MIGRATIONS[step]:
            self.db.run(
                statement.format(
                    id="INTEGER" if sqlite else "BIGINT",
                    norowid=" WITHOUT ROWID" if sqlite else "",
                )
            )
        if step == 1:
            self.db.run(
                "INSERT INTO meta (key, value) VALUES ('application', :mark)", {"mark": MARK}
            )
            self.db.run("INSERT INTO meta (key, value) VALUES ('schema', '0')")
            if sqlite:
                self.db.run(f"PRAGMA application_id = {APPLICATION_ID}")
        self.db.run("UPDATE meta SET value = :v WHERE key = 'schema'", {"v": str(step)})

    # ------------------------------------------------------------------ meta

    def meta(self, key: str) -> str | None:
        rows = self.db.rows("SELECT value FROM meta WHERE key = :k", {"k": key})
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        """Set a meta value (inside a write transaction)."""
        self.db.run("DELETE FROM meta WHERE key = :k", {"k": key})
        self.db.run("INSERT INTO meta (key, value) VALUES (:k, :v)", {"k": key, "v": value})

    def next_id(self, table: str) -> int:
        """The next free id of ``table`` (inside a write transaction, whose lock keeps it)."""
        column = "id"
        return int(self.db.rows(f"SELECT COALESCE(MAX({column}), 0) + 1 FROM {table}")[0][0])

    def count(self, table: str) -> int:
        return int(self.db.rows(f"SELECT COUNT(*) FROM {table}")[0][0])

    # ------------------------------------------------------------------ renames

    def renames(self, kind: str) -> dict[str, str]:
        """Old id -> id now, for ids of ``kind`` renamed since results were stored."""
        found = dict(
            (str(a), str(b))
            for a, b in self.db.rows("SELECT old, new FROM renames WHERE kind = :k", {"k": kind})
        )
        return {old: _follow(found, old) for old in found}

    def rename(self, kind: str, old: str, new: str) -> int:
        """Carry stored results of ``old`` over to ``new``; how many rows now say ``new``."""
        changed = 0
        with self.db.begin():
            for table, column in ID_COLUMNS.get(kind, ()):
                where = {"old": old, "new": new}
                changed += int(
                    self.db.rows(f"SELECT COUNT(*) FROM {table} WHERE {column} = :old", where)[0][0]
                )
                self.db.run(f"UPDATE {table} SET {column} = :new WHERE {column} = :old", where)
            scale = self.meta(f"scale:{old}") if kind == "measure" else None
            if scale is not None:  # a CSAT measure's scale (results/customers.py) follows it
                self.set_meta(f"scale:{new}", scale)
                self.db.run("DELETE FROM meta WHERE key = :k", {"k": f"scale:{old}"})
            self.db.run(
                "UPDATE renames SET new = :new WHERE kind = :kind AND new = :old",
                {"kind": kind, "old": old, "new": new},
            )
            self.db.run(
                "DELETE FROM renames WHERE kind = :kind AND old IN (:old, :new)",
                {"kind": kind, "old": old, "new": new},
            )
            self.db.run(
                "INSERT INTO renames (kind, old, new) VALUES (:kind, :old, :new)",
                {"kind": kind, "old": old, "new": new},
            )
        return changed

    # ------------------------------------------------------------------ writing

    def seen(self, sha256: str) -> str | None:
        """The file name a file with this content was imported as, if it was."""
        rows = self.db.rows("SELECT file FROM imports WHERE sha256 = :h", {"h": sha256})
        return str(rows[0][0]) if rows else None

    def save(self, batch: Batch) -> Saved:
        """Store one file's import, all of it or (on any error) none of it."""
        return self.save_all([batch])[0]

    def save_all(self, batches: Sequence[Batch]) -> list[Saved]:
        """Store the files of one import in one transaction: all of them, or none.

        A file seen before adds nothing; a submission already stored (the same audit id)
        is replaced only by a newer revision of it.
        """
        with self.db.begin():
            return [self._save(batch) for batch in batches]

    def _save(self, batch: Batch) -> Saved:
        if self.seen(batch.sha256) is not None:
            return Saved(0, 0, 0, duplicate=True)
        # An import bigger than the store (the first year of a chain) builds the answers'
        # indexes once after its rows, not row by row: a quarter of its time. In the same
        # transaction, so a failed import leaves them as they were.
        rebuild = sum(len(s.answers) for s in batch.submissions) > self._answers_stored()
        import_id = self.next_id("imports")
        stored = self._revisions([s.key for s in batch.submissions])
        keep = []
        replaced = 0
        for sub in batch.submissions:
            old = stored.get(sub.key)
            if old is None:
                keep.append(sub)
            elif sub.revision > old[1] and not same_content(sub.revision, old[1]):
                self._drop(old[0])
                keep.append(sub)
                replaced += 1
        self.db.run(
            "INSERT INTO imports (id, file, sha256, kind, plan_version, imported_at, "
            "submissions, answers) VALUES (:id, :file, :sha, :kind, :pv, :at, :n, :a)",
            {
                "id": import_id,
                "file": batch.file,
                "sha": batch.sha256,
                "kind": batch.kind,
                "pv": batch.plan_version,
                "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "n": len(keep),
                "a": sum(len(s.answers) for s in keep),
            },
        )
        if rebuild:
            for statement in ANSWER_INDEXES:
                self.db.run(f"DROP INDEX {statement.split()[2]}")
        answers = self._insert(import_id, keep, batch.sha256)
        if rebuild:
            for statement in ANSWER_INDEXES:
                self.db.run(statement)
        return Saved(len(keep) - replaced, replaced, answers, duplicate=False)

    def _answers_stored(self) -> int:
        """About how many answers the store holds (as imported: cheap on any database)."""
        return int(self.db.rows("SELECT COALESCE(SUM(answers), 0) FROM imports")[0][0])

    def _revisions(self, keys: Sequence[str]) -> dict[str, tuple[int, str]]:
        found: dict[str, tuple[int, str]] = {}
        wanted = sorted(set(keys))
        for start in range(0, len(wanted), 500):
            part = wanted[start : start + 500]
            names = {f"k{i}": k for i, k in enumerate(part)}
            marks = ", ".join(f":{n}" for n in names)
            for ident, key, revision in self.db.rows(
                f"SELECT id, key, revision FROM submissions WHERE key IN ({marks})", names
            ):
                found[str(key)] = (int(ident), str(revision))
        return found

    def _drop(self, submission: int) -> None:
        for table in ("answers", "ratings"):
            self.db.run(f"DELETE FROM {table} WHERE submission = :s", {"s": submission})
        self.db.run("DELETE FROM submissions WHERE id = :s", {"s": submission})

    def _insert(self, import_id: int, subs: Sequence[Submission], sha256: str) -> int:
        first = self.next_id("submissions")
        rows = []
        answers: list[tuple[Any, ...]] = []
        ratings: list[dict[str, Any]] = []
        count = 0
        for ident, sub in enumerate(subs, start=first):
            rows.append(sub.row(ident, import_id, sha256))
            answers.extend((ident, *answer) for answer in sub.answers)
            for rating in sub.ratings:
                ratings.append({"s": ident, **rating.row()})
            count += len(sub.answers)
            if len(answers) >= 50_000:
                self._flush(rows, answers, ratings)
        self._flush(rows, answers, ratings)
        return count

    def _flush(
        self,
        rows: list[dict[str, Any]],
        answers: list[tuple[Any, ...]],
        ratings: list[dict[str, Any]],
    ) -> None:
        self.db.many(
            "INSERT INTO submissions (id, import_id, key, revision, kind, source, file_sha256, "
            "plan_version, site, auditor, role, day, dayno, yes, no, na, blank, yes_weight, "
            "answered_weight, critical_failed) VALUES (:id, :import_id, :key, :revision, "
            ":kind, :source, :sha, :pv, :site, :auditor, :role, :day, :dayno, :yes, :no, :na, "
            ":blank, :yw, :aw, :cf)",
            rows,
        )
        self.db.insert("answers", ANSWER_COLUMNS, answers)
        self.db.many(
            "INSERT INTO ratings (submission, touchpoint, rating, standout, sees, notes) "
            "VALUES (:s, :tp, :rating, :standout, :sees, :notes)",
            ratings,
        )
        rows.clear()
        answers.clear()
        ratings.clear()

    def close(self) -> None:
        self.db.close()

    def _close_failed(self) -> None:
        """Close after a failure: a store this open made and nothing was stored in (an
        import refused for its rows) is no store at all, so it goes. Under the lock every
        writer holds: a store another import filled meanwhile, or one that was there
        before, always stays."""
        fresh = self.db if isinstance(self.db, SqliteConnection) and self.db.created else None
        if fresh is None:
            self.db.close()
            return
        from cxplan.textfile import locked

        with locked(fresh.path):
            try:
                empty = all(
                    not self.db.rows(f"SELECT 1 FROM {table} LIMIT 1")
                    for table in self.tables() - {"meta"}
                )
            finally:
                self.db.close()
            if empty:
                for suffix in ("", "-wal", "-shm", "-journal"):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(f"{fresh.path}{suffix}")

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        if kind is None:
            self.close()
        else:
            self._close_failed()


def same_content(new: str, old: str) -> bool:
    """True when two revisions of a submission end in the same ``#digest`` of its answers
    (a workbook imported again: the audit typed earlier is unchanged, so not replaced)."""
    return CONTENT in new and new.rpartition(CONTENT)[2] == old.rpartition(CONTENT)[2]


def _follow(renames: Mapping[str, str], ident: str) -> str:
    seen = {ident}
    while ident in renames and renames[ident] not in seen:
        ident = renames[ident]
        seen.add(ident)
    return ident


def default_place(plan_path: Path) -> Path:
    """Where a plan's results live unless told otherwise: ``NAME.results.sqlite`` beside it."""
    return plan_path.with_name(f"{plan_path.stem}.results.sqlite")


def place(plan_path: Path | None, db: str | None) -> str:
    """The store to use: ``--db``, else CXPLAN_DB, else the file beside the plan."""
    chosen = db or os.environ.get(ENV) or ""
    if chosen:
        return chosen
    if plan_path is None:
        raise CxplanError("no results store given", hint="Give --db, or the plan.")
    return str(default_place(plan_path))


def is_url(where: str) -> bool:
    head, sep, _ = where.partition("://")
    return bool(sep) and head.replace("+", "").isalnum() and len(head) > 1


def exists(where: str) -> bool:
    """True when there is a store at ``where`` (a URL is taken to exist)."""
    if is_url(where) and not where.startswith("sqlite:"):
        return True
    return _sqlite_path(where).is_file()


def _sqlite_path(where: str) -> Path:
    if where.startswith("sqlite:///"):
        return Path(where[len("sqlite:///") :])
    return Path(where)


def open_store(where: str, *, create: bool = True) -> Store:
    """Open the store at ``where`` (a file path, ``sqlite:///path`` or a database URL)."""
    db: Connection
    if is_url(where) and not where.startswith("sqlite:"):
        db, shown = SqlAlchemyConnection(where), _redacted(where)
    else:
        path = _sqlite_path(where)
        if not create and not path.is_file():
            raise CxplanError(
                f"{path}: no results yet",
                hint="Read filled checklists in with `cxplan results import`.",
            )
        db, shown = SqliteConnection(path), str(path)
    try:
        return Store(db, shown)
    except BaseException:
        db.close()  # a refused store is let go of at once, not left to the collector
        raise


def _redacted(url: str) -> str:
    """A URL without its password, for messages."""
    head, sep, rest = url.partition("://")
    creds, at, host = rest.rpartition("@")
    if not at:
        return url
    user = creds.split(":", 1)[0]
    return f"{head}{sep}{user}@{host}"
