"""The measurement loop's benchmarks: a year of a 500-site chain, and a pile of filled PDFs.

    python benchmarks/results.py                       # 500 sites x 52 weeks x 48 standards
    python benchmarks/results.py --sites 50 --pdfs 20  # a quick run

Times whole commands as a user runs them (fresh processes, median wall time, peak RSS):
`cxplan results import` of one CSV of 1.25 M answers, the league table (`results report
--by location`) and the other reports over it, `results actions`, and the import of 200
filled fillable checklists. The baseline is the floor the issue names: parsing the same
CSV with the csv module and inserting it into an indexed SQLite table in one transaction.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from plans import plan_text  # noqa: E402
from run import CXPLAN, PY  # noqa: E402

WORDS = ("yes", "yes", "yes", "yes", "no", "n.a.", "")


def write_plan(folder: Path, sites: int) -> Path:
    """12 touchpoints x 4 standards = 48 standards, at ``sites`` locations."""
    names = ", ".join(f"Store {i:03d}" for i in range(sites))
    text = plan_text(12).replace(
        "  locations: [North, South, Ελληνικά, Київ]\n", f"  locations: [{names}]\n"
    )
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "cxplan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def standard_ids(plan: Path) -> list[str]:
    out = subprocess.run(
        [
            PY,
            "-c",
            "import sys, cxplan.plan.load as l; "
            "print('\\n'.join(s.id for s in "
            "l.load(__import__('pathlib').Path(sys.argv[1])).plan.standards))",
            str(plan),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.split()


def write_year(path: Path, ids: list[str], sites: int, weeks: int) -> int:
    rng = random.Random(7)
    start = dt.date(2026, 1, 5)
    rows = 0
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "location", "auditor", "standard", "result", "comment"])
        for week in range(weeks):
            for site in range(sites):
                day = (start + dt.timedelta(days=7 * week + site % 5)).isoformat()
                name = f"Store {site:03d}"
                auditor = f"Area manager {site // 25}"
                for ident in ids:
                    writer.writerow([day, name, auditor, ident, rng.choice(WORDS), ""])
                    rows += 1
    return rows


def baseline(path: Path, folder: Path) -> float:
    """csv.reader + executemany into an indexed SQLite table, one transaction."""
    db = folder / "baseline.sqlite"
    db.unlink(missing_ok=True)
    t = time.process_time()
    con = sqlite3.connect(db)
    con.execute(
        "CREATE TABLE a (day TEXT, site TEXT, auditor TEXT, standard TEXT, result TEXT, "
        "comment TEXT)"
    )
    con.execute("CREATE INDEX a_site ON a (site, day)")
    con.execute("CREATE INDEX a_standard ON a (standard)")
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        con.executemany("INSERT INTO a VALUES (?, ?, ?, ?, ?, ?)", reader)
    con.commit()
    con.close()
    return time.process_time() - t


def measure(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak memory (MB) of one command.

    CPU time is given beside wall time because the machine is shared: on a busy one the
    wall time says more about the neighbours than about cxplan.
    """
    run = subprocess.run(
        ["/usr/bin/time", "-f", "%e %U %S %M", *command], capture_output=True, text=True
    )
    if run.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed:\n{run.stderr[-2000:]}")
    wall, user, system, kb = run.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(kb) / 1024


def median(runs: list[tuple[float, float, float]]) -> str:
    wall = statistics.median(r[0] for r in runs)
    cpu = statistics.median(r[1] for r in runs)
    return f"{wall:6.2f} s wall {cpu:6.2f} s CPU {max(r[2] for r in runs):5.0f} MB"


def fill_pdfs(plan: Path, folder: Path, count: int) -> list[Path]:
    """``count`` filled copies of a fillable checklist (each a different visit)."""
    from pypdf import PdfReader, PdfWriter

    lists = folder / "lists"
    subprocess.run(
        [*CXPLAN, "checklists", str(plan), "--fillable", "-o", str(lists)],
        check=True,
        capture_output=True,
    )
    source = sorted(lists.glob("role-*.pdf"))[0]
    reader = PdfReader(source)
    names = [
        n
        for n in reader.get_fields() or {}
        if ":" not in n and n not in ("location", "auditor", "date", "score")
    ]
    rng = random.Random(3)
    out = []
    for i in range(count):
        writer = PdfWriter()
        writer.append(reader)
        writer.add_metadata(dict(reader.metadata or {}))
        values = {
            "location": f"Store {i % 50:03d}",
            "auditor": "Ana",
            "date": (dt.date(2026, 1, 1) + dt.timedelta(days=i)).isoformat(),
        }
        values.update({n: rng.choice(["/yes", "/no", "/na"]) for n in names})
        for page in writer.pages:
            writer.update_page_form_field_values(page, values, auto_regenerate=False)
        target = folder / "filled" / f"visit-{i:04d}.pdf"
        target.parent.mkdir(exist_ok=True)
        with target.open("wb") as handle:
            writer.write(handle)
        out.append(target)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=500)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--pdfs", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plan = write_plan(folder / "chain", args.sites)
        ids = standard_ids(plan)
        year = folder / "year.csv"
        rows = write_year(year, ids, args.sites, args.weeks)
        size = year.stat().st_size / 1e6
        print(
            f"{rows:,} answers ({len(ids)} standards, {args.sites} sites, {args.weeks} weeks), "
            f"{size:.0f} MB of CSV"
        )
        base = [baseline(year, folder) for _ in range(args.repeat)]
        print(f"baseline csv + indexed SQLite insert    {statistics.median(base):6.2f} s CPU")
        store = plan.with_name("cxplan.results.sqlite")
        runs = []
        for _ in range(args.repeat):
            store.unlink(missing_ok=True)
            runs.append(measure([*CXPLAN, "results", "import", str(year), "--plan", str(plan)]))
        print(
            f"results import (1 CSV)                  {median(runs)}  "
            f"store {store.stat().st_size / 1e6:.0f} MB"
        )
        again = measure([*CXPLAN, "results", "import", str(year), "--plan", str(plan)])
        print(f"results import again (adds nothing)     {median([again])}")
        for label, extra in (
            ("league table (--by location)", ["--by", "location"]),
            ("by standard", []),
            ("by touchpoint", ["--by", "touchpoint"]),
            ("by period (week)", ["--by", "period", "--period", "week"]),
            ("by location, last month", ["--by", "location", "--since", "2026-12-01"]),
        ):
            command = [*CXPLAN, "results", "report", str(plan), *extra, "--json"]
            runs = [measure(command) for _ in range(args.repeat)]
            print(f"report {label:32} {median(runs)}")
        runs = [measure([*CXPLAN, "results", "actions", str(plan)]) for _ in range(args.repeat)]
        print(f"results actions                         {median(runs)}")
        runs = [
            measure([*CXPLAN, "results", "report", str(plan), "-o", str(folder / "report")])
            for _ in range(args.repeat)
        ]
        print(f"results report -o (PDF and Word)        {median(runs)}")
        runs = [measure([*CXPLAN, "status", str(plan)]) for _ in range(args.repeat)]
        print(f"(for scale: cxplan status of the plan    {median(runs)})")
        if args.pdfs:
            pdfs = fill_pdfs(plan, folder, args.pdfs)
            runs = []
            for _ in range(args.repeat):
                store.unlink(missing_ok=True)
                runs.append(
                    measure([*CXPLAN, "results", "import", *map(str, pdfs), "--plan", str(plan)])
                )
            print(f"results import ({len(pdfs)} filled PDFs)        {median(runs)}")


if __name__ == "__main__":
    main()
