"""Where the results store's tests keep their stores: a SQLite file, and PostgreSQL when there.

``CXPLAN_TEST_POSTGRES`` is the URL of a PostgreSQL server the tests may create databases
on (`.ci/run` starts one); without it the PostgreSQL cases are skipped, unless
``CXPLAN_REQUIRE_POSTGRES=1`` (CI) makes that a failure.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

BACKENDS = ["sqlite", "postgresql"]


def postgres_server() -> str | None:
    url = os.environ.get("CXPLAN_TEST_POSTGRES")
    if not url and os.environ.get("CXPLAN_REQUIRE_POSTGRES") == "1":
        pytest.fail("PostgreSQL is required here (CXPLAN_TEST_POSTGRES) but none was given")
    return url


@pytest.fixture(params=BACKENDS)
def store_place(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a fresh, empty store lives: a file path, or a new PostgreSQL database's URL."""
    if request.param == "sqlite":
        yield str(tmp_path / "cxplan.results.sqlite")
        return
    server = postgres_server()
    if not server:
        pytest.skip("no PostgreSQL server (set CXPLAN_TEST_POSTGRES)")
    import psycopg

    name = f"cxplan_test_{uuid.uuid4().hex[:12]}"
    plain = server.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    head, _, _ = plain.rpartition("/")
    yield f"{head}/{name}"
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
