"""The performance suite: times whole cxplan commands on plans of growing size.

    python benchmarks/run.py                    # every task, N = 10, 100, 1000, 5000
    python benchmarks/run.py --sizes 1000 --only check,status --repeat 7

Each task runs as a fresh process, the way a user runs it; the table shows the median
wall time, the CPU time (user + sys, of every process of the command: on a busy machine
the figure to compare) and the peak memory (RSS) of the command (and, where it starts a
second process, the peak of their sum). Plans are written by plans.py: N
touchpoints with 4 standards each, every step complete.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from plans import write_chain, write_plan  # noqa: E402

PY = sys.executable
LIBREOFFICE_MAX = 1000  # LibreOffice needs over a minute for the N=1000 plan already
CXPLAN = [PY, "-m", "cxplan"]


@dataclass
class Run:
    wall: float
    peak_mb: float
    tree_mb: float = 0.0
    cpu: float = 0.0  # user + sys seconds of the command and every process it started


WRAPPER = r"""
import json, os, resource, subprocess, sys, time

def tree_rss_kb(root):
    # The resident memory of the command and every process it started (a build writes
    # in two processes): the sum counts pages they share twice, so it is an upper bound.
    parents = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat") as handle:
                    parents[int(name)] = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    family, todo = set(), [root]
    while todo:
        pid = todo.pop()
        family.add(pid)
        todo.extend(p for p, parent in parents.items() if parent == pid and p not in family)
    total = 0
    for pid in family:
        try:
            with open(f"/proc/{pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total

cmd = json.loads(sys.argv[1])
data = sys.stdin.buffer.read() if sys.argv[2] == "1" else None
t = time.perf_counter()
p = subprocess.Popen(cmd, stdin=subprocess.PIPE if data is not None else None,
                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
tree = 0
if data is not None:
    p.stdin.write(data)
    p.stdin.close()
if os.path.isdir("/proc"):
    while p.poll() is None:
        tree = max(tree, tree_rss_kb(p.pid))
        time.sleep(0.02)
err = p.stderr.read()
p.wait()
wall = time.perf_counter() - t
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
peak = usage.ru_maxrss
print(json.dumps({"wall": wall, "peak_kb": peak, "tree_kb": max(tree, peak), "rc": p.returncode,
                  "cpu": usage.ru_utime + usage.ru_stime,
                  "err": err.decode(errors="replace")[-2000:]}))
"""


def measure(command: list[str], cwd: Path | None = None, stdin: str | None = None) -> Run:
    """Wall time and peak memory of one command, run in a child of a fresh measuring process.

    ``peak_mb`` is the largest resident size of any one process; ``tree_mb`` the largest
    total over the command's processes, sampled every 20 ms (Linux only).
    """
    out = subprocess.run(
        [PY, "-c", WRAPPER, json.dumps(command), "1" if stdin is not None else "0"],
        input=(stdin or "").encode(),
        capture_output=True,
        cwd=cwd,
        check=True,
    )
    result = json.loads(out.stdout)
    if result["rc"] not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} failed:\n{result['err']}")
    return Run(result["wall"], result["peak_kb"] / 1024, result["tree_kb"] / 1024, result["cpu"])


@dataclass
class Task:
    """A whole command to time; ``prepare`` runs untimed before each run, in its own folder."""

    command: Callable[[Path, Path], list[str]]  # (plan, run folder) -> argv
    prepare: Callable[[Path, Path], None] | None = None


def _build(fmt: str) -> Task:
    return Task(lambda plan, run: [*CXPLAN, "build", str(plan), "-o", str(run), "-f", fmt])


def _built(plan: Path, fmt: str, name: str) -> Path:
    """The plan's file of ``fmt``, built once (untimed) and kept beside the plan as ``name``."""
    path = plan.parent / fmt / name
    if not path.exists():
        subprocess.run(
            [*CXPLAN, "build", str(plan), "-o", str(path.parent), "-f", fmt],
            check=True,
            capture_output=True,
        )
        next(path.parent.glob(f"*.{fmt}")).rename(path)
    return path


def _docx(plan: Path, run: Path) -> None:
    """The plan's Word document in the run folder (untimed), for LibreOffice to convert."""
    book = _built(plan, "docx", "plan.docx")
    profile = Path(tempfile.gettempdir()) / "cxplan-bench-lo-profile"
    if not profile.exists():
        # LibreOffice's first start in a new profile sets the profile up; not timed.
        subprocess.run(_soffice(book.parent), check=True, capture_output=True, timeout=1800)
    shutil.copy(book, run / "plan.docx")


def _soffice(run: Path) -> list[str]:
    office = shutil.which("soffice") or shutil.which("libreoffice") or "soffice"
    profile = Path(tempfile.gettempdir()) / "cxplan-bench-lo-profile"
    docx = run / "plan.docx"
    return [
        office,
        f"-env:UserInstallation=file://{profile}",
        "--headless",
        "--norestore",
        "--convert-to",
        "pdf",
        "--outdir",
        str(run),
        str(docx),
    ]


def _workbook(plan: Path, folder: Path) -> Path:
    """The plan's workbook, built once and kept beside the plan for the import runs."""
    return _built(plan, "xlsx", "book.xlsx")


def _edit_rating(book: Path, target: Path) -> None:
    """Change one rating the way Excel saves it: the cell changes, shared strings stay.

    (openpyxl would re-save every string inline, which no spreadsheet program does and
    which takes openpyxl several times longer to read back.)
    """
    import re
    import zipfile

    with zipfile.ZipFile(book) as source, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        # The touchpoints' sheet, found by its name as a spreadsheet program would.
        book_xml = source.read("xl/workbook.xml").decode()
        rid = re.search(r'name="4 Touchpoints"[^>]*r:id="(rId\d+)"', book_xml)
        assert rid is not None
        rels = source.read("xl/_rels/workbook.xml.rels").decode()
        link = next(r for r in re.findall(r"<Relationship [^>]*>", rels) if f'"{rid[1]}"' in r)
        found = re.search(r'Target="/?(?:xl/)?([^"]+)"', link)
        assert found is not None
        sheet = "xl/" + found[1]
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == sheet:
                data = re.sub(
                    rb'(<c r="J7"[^>]*><v>)(\d)(</v>)',
                    lambda m: m.group(1) + (b"4" if m.group(2) == b"5" else b"5") + m.group(3),
                    data,
                    count=1,
                )
            out.writestr(info, data)


def _import_prepare(edited: bool) -> Callable[[Path, Path], None]:
    def prepare(plan: Path, run: Path) -> None:
        import shutil

        book = _workbook(plan, run)
        shutil.copy(plan, run / "cxplan.yaml")
        if edited:
            edited_book = plan.parent / "xlsx" / "edited.xlsx"
            if not edited_book.exists():
                _edit_rating(book, edited_book)
            shutil.copy(edited_book, run / "book.xlsx")
        else:
            shutil.copy(book, run / "book.xlsx")

    return prepare


TASKS: dict[str, Task] = {
    "load": Task(
        lambda plan, run: [
            PY,
            "-c",
            "import sys; from pathlib import Path; from cxplan.plan.load import load;"
            " load(Path(sys.argv[1]))",
            str(plan),
        ]
    ),
    "check": Task(lambda plan, run: [*CXPLAN, "check", str(plan)]),
    "status": Task(lambda plan, run: [*CXPLAN, "status", str(plan)]),
    "docx": _build("docx"),
    "xlsx": _build("xlsx"),
    "pdf": _build("pdf"),
    "checklists": Task(lambda plan, run: [*CXPLAN, "checklists", str(plan), "-o", str(run)]),
    "checklists-fillable": Task(
        lambda plan, run: [*CXPLAN, "checklists", str(plan), "-o", str(run), "--fillable"]
    ),
    # A file per touchpoint: how the per-touchpoint grouping grows (it was quadratic once).
    "checklists-by-touchpoint": Task(
        lambda plan, run: [*CXPLAN, "checklists", str(plan), "-o", str(run), "--by", "touchpoint"]
    ),
    "build": Task(lambda plan, run: [*CXPLAN, "build", str(plan), "-o", str(run)]),
    # The same in one process, as on one core: how the build grows with the plan.
    "build-1-process": Task(
        lambda plan, run: ["env", "CXPLAN_JOBS=1", *CXPLAN, "build", str(plan), "-o", str(run)]
    ),
    # The path a user would otherwise take to a PDF: the Word plan through LibreOffice.
    "libreoffice-pdf": Task(lambda plan, run: _soffice(run), lambda plan, run: _docx(plan, run)),
    "import": Task(
        lambda plan, run: [*CXPLAN, "import", str(run / "book.xlsx"), str(run / "cxplan.yaml")],
        _import_prepare(edited=False),
    ),
    "import-1-edit": Task(
        lambda plan, run: [*CXPLAN, "import", str(run / "book.xlsx"), str(run / "cxplan.yaml")],
        _import_prepare(edited=True),
    ),
}


def workshop_latency(plan: Path) -> list[float]:
    """Seconds from each answer (Enter) to the next prompt, in a real pseudo-terminal.

    Every answer below changes the plan, so each one includes saving the whole file.
    """
    import pexpect

    child = pexpect.spawn(
        PY, ["-m", "cxplan", "workshop", str(plan), "--step", "2"], encoding="utf-8", timeout=60
    )
    child.delaybeforesend = None  # pexpect waits 50 ms before each send unless told not to
    child.expect(r"where are we heading\?.*: ")
    waits = []
    script = [
        ("A new vision for the benchmark", r"By when\?.*: "),
        ("2031", r"\(unifying aims\).*: "),
        ("a", r"Add a unifying aim.*: "),
        ("Faster service", r"Add a unifying aim.*: "),
        ("Warmer welcome", r"Add a unifying aim.*: "),
        ("", r"\(unifying aims\).*: "),
        ("r 3", r"\(unifying aims\).*: "),
        ("m 3 1", r"\(unifying aims\).*: "),
    ]
    for answer, prompt in script:
        start = time.perf_counter()
        child.sendline(answer)
        child.expect(prompt)
        waits.append(time.perf_counter() - start)
    child.sendcontrol("c")
    child.expect(pexpect.EOF)
    return waits


def startup(repeat: int) -> list[tuple[str, float]]:
    """`cxplan --help` against importing click alone: nothing heavy may load for help."""
    rows = []
    for label, cmd in (
        ("python -c 'import click'", [PY, "-c", "import click"]),
        ("cxplan --help", [*CXPLAN, "--help"]),
    ):
        runs = [measure(cmd).wall for _ in range(repeat)]
        rows.append((label, statistics.median(runs)))
    return rows


def _cell(result: dict[str, float]) -> str:
    text = f"{result['wall']:.2f} s ({result['cpu']:.2f} s CPU), {result['peak_mb']:.0f} MB"
    if result["tree_mb"] > result["peak_mb"] * 1.05:
        text += f" ({result['tree_mb']:.0f} MB in all)"
    return text


CHAIN_SITES = 500


def chain(repeat: int, sites: int = CHAIN_SITES) -> list[tuple[str, Run, int, int]]:
    """A chain's checklists per location (48 standards, 8 roles): time, memory, files, bytes.

    Each run writes into a fresh folder; the plan is the same chain every time.
    """
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        plan = write_chain(Path(tmp) / "chain", sites)
        variants = {
            "checklists --by location": ["--by", "location"],
            "the same, --fillable": ["--by", "location", "--fillable"],
            "one site: --site": ["--by", "location", "--site", "store-0007"],
        }
        for label, options in variants.items():
            runs, files, size = [], 0, 0
            for number in range(repeat):
                run = plan.parent / f"{label.split()[0]}-{number}-{len(rows)}"
                runs.append(measure([*CXPLAN, "checklists", str(plan), "-o", str(run), *options]))
                written = [p for p in run.rglob("*") if p.is_file()] if run.exists() else []
                files, size = len(written), sum(p.stat().st_size for p in written)
                shutil.rmtree(run, ignore_errors=True)
            best = sorted(runs, key=lambda r: r.wall)[len(runs) // 2]
            rows.append((label, best, files, size))
    return rows


def growth(results: dict[str, dict[int, dict[str, float]]]) -> None:
    """How each task grows from the second-largest size to the largest: time, CPU time and
    memory."""
    lines = []
    for name, by_size in results.items():
        if len(by_size) > 1:
            small, big = sorted(by_size)[-2:]
            a, b = by_size[small], by_size[big]
            lines.append(
                f"| {name} | {b['wall'] / a['wall']:.1f}x | {b['cpu'] / a['cpu']:.1f}x "
                f"| {b['peak_mb'] / a['peak_mb']:.1f}x |"
            )
    if lines:
        sizes = sorted({n for by_size in results.values() for n in by_size})
        print(
            f"\n| growth N={sizes[-2]} -> N={sizes[-1]} | time | CPU time | peak memory |"
            "\n|---|---|---|---|"
        )
        print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10,100,1000,5000")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", default="", help="comma-separated task names")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s]
    only = [t for t in args.only.split(",") if t]
    tasks = {k: v for k, v in TASKS.items() if not only or k in only}
    if "libreoffice-pdf" in tasks and not (shutil.which("soffice") or shutil.which("libreoffice")):
        print("(LibreOffice is not installed: the libreoffice-pdf comparison is left out)")
        del tasks["libreoffice-pdf"]
    # A workshop answer writes the plan; ``--only workshop`` runs just that measurement.

    results: dict[str, dict[int, dict[str, float]]] = {}
    print(f"cxplan benchmarks on {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    if not only or "startup" in only:
        rows = startup(max(args.repeat, 9))
        print("\n| startup | median wall |\n|---|---|")
        for label, wall in rows:
            print(f"| {label} | {wall * 1000:.0f} ms |")
        print(f"\n`cxplan --help` / `import click`: {rows[1][1] / rows[0][1]:.2f}x")
    with tempfile.TemporaryDirectory() as tmp:
        if not only or "workshop" in only:
            print("\n| workshop: answer to next prompt | median | slowest |\n|---|---|---|")
            for n in sizes:
                plan = write_plan(Path(tmp) / f"w{n}", n)
                waits = workshop_latency(plan)
                print(
                    f"| N={n} | {statistics.median(waits) * 1000:.0f} ms | "
                    f"{max(waits) * 1000:.0f} ms |",
                    flush=True,
                )
        for n in sizes if tasks else []:
            plan = write_plan(Path(tmp) / f"n{n}", n)
            size_mb = plan.stat().st_size / 1e6
            print(f"\nN={n}: {plan.stat().st_size:,} bytes of YAML ({size_mb:.1f} MB)", flush=True)
            for name, task in tasks.items():
                if name == "libreoffice-pdf" and n > LIBREOFFICE_MAX:
                    print(f"  {name:<10} (left out above N={LIBREOFFICE_MAX}: it takes minutes)")
                    continue
                repeat = args.repeat if n <= 1000 else max(min(args.repeat, 3), args.repeat // 2)
                runs = []
                for number in range(repeat):
                    run = plan.parent / f"{name}-{number}"
                    run.mkdir()
                    if task.prepare is not None:
                        task.prepare(plan, run)
                    runs.append(measure(task.command(plan, run), cwd=run))
                wall = statistics.median(r.wall for r in runs)
                cpu = statistics.median(r.cpu for r in runs)
                peak = max(r.peak_mb for r in runs)
                tree = max(r.tree_mb for r in runs)
                results.setdefault(name, {})[n] = {
                    "wall": wall,
                    "cpu": cpu,
                    "peak_mb": peak,
                    "tree_mb": tree,
                }
                both = f" ({tree:.0f} MB all processes)" if tree > peak * 1.05 else ""
                print(
                    f"  {name:<10} {wall:7.3f} s  {cpu:7.3f} s CPU  {peak:6.0f} MB{both}",
                    flush=True,
                )
    if not only or "chain" in only:
        head = f"chain: {CHAIN_SITES} sites, 48 standards, 8 roles"
        print(f"\n| {head} | wall | peak | files | on disk |")
        print("|---|---|---|---|---|")
        for label, run, files, size in chain(max(1, min(args.repeat, 3))):
            print(
                f"| {label} | {run.wall:.2f} s | {run.peak_mb:.0f} MB"
                + (f" ({run.tree_mb:.0f} MB in all)" if run.tree_mb > run.peak_mb * 1.05 else "")
                + f" | {files:,} | {size / 1e6:.1f} MB |",
                flush=True,
            )
    if not results:
        return
    print("\n| task | " + " | ".join(f"N={n}" for n in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for name, by_size in results.items():
        cells = [_cell(by_size[n]) if n in by_size else "" for n in sizes]
        print(f"| {name} | " + " | ".join(cells) + " |")
    if "pdf" in results and "libreoffice-pdf" in results:
        for n in sizes:
            ours, theirs = results["pdf"].get(n), results["libreoffice-pdf"].get(n)
            if ours and theirs:
                print(
                    f"\nN={n}: the PDF plan in {ours['wall']:.2f} s; the Word plan through "
                    f"LibreOffice in {theirs['wall']:.2f} s ({theirs['wall'] / ours['wall']:.1f}x)"
                )
    growth(results)
    single = results.get("build-1-process", {})
    if len(single) > 1:
        known = sorted(single)
        small, big = known[-2], known[-1]
        ratio = single[big]["wall"] / single[small]["wall"]
        print(
            f"\nbuild in one process from N={small} to N={big}: {ratio:.1f}x the time for "
            f"{big / small:.0f}x the plan"
        )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    t0 = time.perf_counter()
    main()
    print(f"\n(benchmarks took {time.perf_counter() - t0:.0f} s)")
