"""Every page of big plans through the page checker (tests/layout.py): a one-off sweep.

    python benchmarks/layout_sweep.py                     # generated plans of 200 and 5000
    python benchmarks/layout_sweep.py --sizes 5000 tests/fixtures/clients/*.yaml

Builds each plan's PDF plan and checklists into a temporary folder and prints every
defect the checker finds (words broken without a hyphen, wrapped ids, overprints, text
off the paper, stranded headings), per file. Too slow for the test suite at N=5000.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent / "tests")]

from layout import defects, vocabulary  # noqa: E402
from plans import write_plan  # noqa: E402

from cxplan.build import BuildOptions, build  # noqa: E402
from cxplan.document.blocks import Heading, Paragraph, Table  # noqa: E402
from cxplan.document.plan import build_document  # noqa: E402
from cxplan.plan.load import load  # noqa: E402


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _strings(v)


def sweep(plan: Path, out: Path) -> int:
    """Check every PDF the plan builds; print what is found; return how many defects."""
    model = load(plan).plan
    document = build_document(model)
    texts = [b.text for b in document.blocks if isinstance(b, Paragraph)]
    texts += [c.text for b in document.blocks if isinstance(b, Table) for r in b.rows for c in r]
    texts += list(_strings(model.model_dump(mode="json")))
    headings = {b.text for b in document.blocks if isinstance(b, Heading) and b.level >= 2}
    words, ids = vocabulary(texts), [s.id for s in model.standards]
    build(plan, BuildOptions(out_dir=out, formats=["pdf", "checklists"]))
    count = 0
    for pdf in sorted(out.rglob("*.pdf")):
        whole = pdf.name.endswith("cx-plan.pdf")
        found = defects(pdf, words, ids if whole else (), headings if whole else ())
        count += len(found)
        for line in found[:20]:
            print(f"  {pdf.relative_to(out)}: {line}")
        if len(found) > 20:
            print(f"  ... {len(found)} in all")
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("plans", nargs="*", type=Path)
    parser.add_argument("--sizes", default="200,5000", help="generated plans of these sizes")
    args = parser.parse_args()
    total = 0
    with tempfile.TemporaryDirectory() as tmp:
        plans = [write_plan(Path(tmp) / f"n{n}", int(n)) for n in args.sizes.split(",") if n]
        for number, plan in enumerate([*plans, *args.plans]):
            print(f"{plan}:", flush=True)
            total += sweep(plan, Path(tmp) / f"out{number}")
    print(f"{total} defects")
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
