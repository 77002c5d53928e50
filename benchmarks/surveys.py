"""Survey imports and the customer report at scale, as whole commands.

    python benchmarks/surveys.py                 # 100,000 responses, 3 runs each
    python benchmarks/surveys.py --responses 20000 --repeat 5

Writes a plan and a Qualtrics-layout export of N responses (three heading rows, a
comment, a store and a touchpoint column, labels and numbers mixed), then times: the
first import into a fresh store, the same export re-exported (every response already
stored: nothing added), and `cxplan results report` over the stored answers. The floor
it is judged against is the plain parse: the csv module reading the same file into a
SQLite table in one transaction.
"""

from __future__ import annotations

import argparse
import csv
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
PLAN = """cxplan: 1
client:
  name: Harbour Dental
  locations: [Quay Street, Northside, Harbourside, Old Town]
touchpoints:
  - {id: book-online, name: Book online}
  - {id: treatment, name: Treatment}
  - {id: payment, name: Payment}
measures:
  - id: nps
    kind: nps
    question: How likely are you to recommend Harbour Dental to a friend or family member?
    touchpoints: [book-online, treatment, payment]
    baseline: 41
    target: 70
"""


def write_export(path: Path, n: int) -> None:
    rnd = random.Random(7)
    stores = ["Quay Street", "Northside", "Harbourside", "Old Town"]
    points = ["Book online", "treatment", "Payment"]
    comments = ["", "", "Quick and kind", "Waited 40 minutes, nobody said why", "Fine"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "StartDate",
                "EndDate",
                "Status",
                "Progress",
                "Finished",
                "RecordedDate",
                "ResponseId",
                "Q1",
                "Q2",
                "Store",
                "Touchpoint",
            ]
        )
        out.writerow(
            [
                "Start Date",
                "End Date",
                "Response Type",
                "Progress",
                "Finished",
                "Recorded Date",
                "Response ID",
                "How likely are you to recommend us to a friend or family member?",
                "What is the main reason for your score?",
                "Store",
                "Touchpoint",
            ]
        )
        out.writerow(
            [
                '{"ImportId":"startDate"}',
                '{"ImportId":"endDate"}',
                '{"ImportId":"status"}',
                '{"ImportId":"progress"}',
                '{"ImportId":"finished"}',
                '{"ImportId":"recordedDate"}',
                '{"ImportId":"_recordId"}',
                '{"ImportId":"QID1"}',
                '{"ImportId":"QID2_TEXT"}',
                '{"ImportId":"Store"}',
                '{"ImportId":"Touchpoint"}',
            ]
        )
        for i in range(n):
            day = f"2026-{1 + i % 12:02d}-{1 + i % 28:02d} {i % 24:02d}:{i % 60:02d}:00"
            score = rnd.randrange(11)
            answer = {0: "0 - Not at all likely", 10: "10 - Extremely likely"}.get(score, score)
            out.writerow(
                [
                    day,
                    day,
                    "0",
                    "100",
                    "1",
                    day,
                    f"R_{i:08x}",
                    answer,
                    rnd.choice(comments),
                    rnd.choice(stores),
                    rnd.choice(points),
                ]
            )


def floor(path: Path, db: Path) -> tuple[float, float]:
    """The plain parse: the csv module into one SQLite table, one transaction."""
    db.unlink(missing_ok=True)
    t = time.perf_counter()
    c = time.process_time()
    con = sqlite3.connect(db)
    con.execute(
        "CREATE TABLE r (id TEXT PRIMARY KEY, day TEXT, score TEXT, c TEXT, s TEXT, t TEXT)"
    )
    with path.open(newline="", encoding="utf-8") as handle:
        rows = csv.reader(handle)
        for _ in range(3):
            next(rows)
        con.executemany(
            "INSERT INTO r VALUES (?, ?, ?, ?, ?, ?)",
            ((r[6], r[5], r[7], r[8], r[9], r[10]) for r in rows),
        )
    con.commit()
    con.close()
    return time.perf_counter() - t, time.process_time() - c


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of a command run as a process. On a shared
    machine the CPU time is the fairer figure: it does not count waiting for a core."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    took = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return took, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = folder / "cxplan.yaml"
        plan.write_text(PLAN, encoding="utf-8")
        export = folder / "qualtrics.csv"
        write_export(export, args.responses)
        again = folder / "reexport.csv"
        again.write_bytes(export.read_bytes() + b"\n")  # same responses, another file
        store = folder / "cxplan.results.sqlite"
        cxplan = [PY, "-m", "cxplan", "results"]
        runs: dict[str, list[tuple[float, float]]] = {
            "floor": [],
            "import": [],
            "reimport": [],
            "report": [],
        }
        for _ in range(args.repeat):
            runs["floor"].append(floor(export, folder / "floor.sqlite"))
            for suffix in ("", "-wal", "-shm"):
                Path(f"{store}{suffix}").unlink(missing_ok=True)
            runs["import"].append(
                timed([*cxplan, "import", str(export), "--plan", str(plan), "--measure", "nps"])
            )
            runs["reimport"].append(
                timed([*cxplan, "import", str(again), "--plan", str(plan), "--measure", "nps"])
            )
            runs["report"].append(timed([*cxplan, "report", str(plan)]))
        size = export.stat().st_size / 1e6
        print(f"{args.responses:,} responses, {size:.1f} MB CSV; median of {args.repeat}:")
        print(f"  {'':9} {'wall':>7} {'cpu':>7}")
        medians = {}
        for name, values in runs.items():
            wall = statistics.median(v[0] for v in values)
            cpu = statistics.median(v[1] for v in values)
            medians[name] = cpu
            print(f"  {name:9} {wall:6.2f}s {cpu:6.2f}s")
        ratio = medians["import"] / medians["floor"]
        print(f"  import / plain parse into SQLite (cpu): {ratio:.1f}x")


if __name__ == "__main__":
    main()
