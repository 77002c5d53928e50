"""Scores agree with an independent count of the raw answers; actions are added once."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from cxplan.plan.load import load
from cxplan.results.scores import target_of
from cxplan.results.store import open_store

SITES = ["Quay Street", "Northside"]
WORDS = {
    "yes": ["Yes", "pass", "1"],
    "no": ["No", "fail", "0"],
    "na": ["N/A", "n.a."],
    "blank": [""],
}


@pytest.fixture
def plan(example_copy: Callable[[str], Path]) -> Path:
    path = example_copy("harbour-dental")
    text = path.read_text(encoding="utf-8")
    # One critical standard and one weighted one.
    text = text.replace("  - id: s-greet\n", "  - id: s-greet\n    critical: true\n", 1)
    text = text.replace("  - id: s-answer-calls\n", "  - id: s-answer-calls\n    weight: 3\n", 1)
    path.write_text(text, encoding="utf-8")
    return path


def random_answers(
    plan: Path, tmp_path: Path, seed: int, count: int = 600
) -> tuple[Path, list[dict[str, Any]]]:
    rng = random.Random(seed)
    ids = [s.id for s in load(plan).plan.standards]
    rows = []
    start = dt.date(2026, 1, 1)
    for audit in range(count // 6):
        day = start + dt.timedelta(days=rng.randrange(120))
        site = rng.choice(SITES)
        for standard in rng.sample(ids, 6):
            result = rng.choices(["yes", "no", "na", "blank"], [6, 2, 1, 1])[0]
            rows.append(
                {
                    "date": day.isoformat(),
                    "location": site,
                    "auditor": f"a{audit}",
                    "standard": standard,
                    "result": result,
                    "word": rng.choice(WORDS[result]),
                }
            )
    path = tmp_path / f"answers-{seed}.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "location", "auditor", "standard", "result", "comment"])
        for r in rows:
            writer.writerow([r["date"], r["location"], r["auditor"], r["standard"], r["word"], ""])
    return path, rows


@pytest.mark.parametrize("seed", [1, 2])
def test_every_figure_agrees_with_an_independent_count(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any], seed: int
) -> None:
    path, rows = random_answers(plan, tmp_path, seed)
    assert invoke("results", "import", path, "--plan", plan).exit_code == 0
    model = load(plan).plan
    weights = {s.id: s.weight or 1.0 for s in model.standards}
    critical = {s.id for s in model.standards if s.critical}

    def expect(key: Callable[[dict[str, Any]], str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = defaultdict(lambda: defaultdict(float))
        for r in rows:
            group = out[key(r)]
            group[r["result"]] += 1
            w = weights[r["standard"]]
            if r["result"] in ("yes", "no"):
                group["den"] += w
                group["num"] += w if r["result"] == "yes" else 0
        return out

    by_site = expect(lambda r: r["location"].lower().replace(" ", "-"))
    report = json.loads(invoke("results", "report", plan, "--by", "location", "--json").output)
    assert {r["key"] for r in report["rows"]} == set(by_site)
    for row in report["rows"]:
        e = by_site[row["key"]]
        assert (row["yes"], row["no"], row["na"], row["blank"]) == (
            e["yes"],
            e["no"],
            e["na"],
            e["blank"],
        )
        assert row["compliance"] == pytest.approx(100 * e["num"] / e["den"], abs=0.006)
    audits_failed = {
        (r["date"], r["location"], r["auditor"])
        for r in rows
        if r["standard"] in critical and r["result"] == "no"
    }
    assert sum(r["critical_failed"] for r in report["rows"]) == len(audits_failed)

    by_std = expect(lambda r: r["standard"])
    report = json.loads(invoke("results", "report", plan, "--json").output)
    for row in report["rows"]:
        e = by_std[row["key"]]
        assert row["yes"] == e["yes"] and row["no"] == e["no"] and row["na"] == e["na"]
        if e["den"]:
            assert row["compliance"] == pytest.approx(100 * e["num"] / e["den"], abs=0.006)
        assert row["low_sample"] == (e["yes"] + e["no"] < 5)

    by_month = expect(lambda r: r["date"][:7])
    report = json.loads(
        invoke("results", "report", plan, "--by", "period", "--period", "month", "--json").output
    )
    assert [r["key"] for r in report["rows"]] == sorted(by_month)
    for row in report["rows"]:
        e = by_month[row["key"]]
        assert row["compliance"] == pytest.approx(100 * e["num"] / e["den"], abs=0.006)

    since = json.loads(
        invoke(
            "results", "report", plan, "--since", "2026-02-01", "--until", "2026-02-28", "--json"
        ).output
    )
    feb = [r for r in rows if r["date"].startswith("2026-02")]
    assert sum(r["yes"] + r["no"] + r["na"] + r["blank"] for r in since["rows"]) == len(feb)


def test_a_touchpoint_adds_its_standards_as_a_ratio_of_sums(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    path, rows = random_answers(plan, tmp_path, 3)
    invoke("results", "import", path, "--plan", plan)
    model = load(plan).plan
    tp = {s.id: s.touchpoint for s in model.standards}
    report = json.loads(invoke("results", "report", plan, "--by", "touchpoint", "--json").output)
    for row in report["rows"]:
        mine = [r for r in rows if tp[r["standard"]] == row["key"]]
        assert row["yes"] == sum(r["result"] == "yes" for r in mine)
        assert row["blank"] == sum(r["result"] == "blank" for r in mine)


def test_the_terminal_and_csv_reports(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    path, _ = random_answers(plan, tmp_path, 4, count=60)
    invoke("results", "import", path, "--plan", plan)
    text = invoke("results", "report", plan, "--by", "location").output
    assert "Compliance by location" in text and "Quay Street" in text and "All audits" in text
    table = list(csv.DictReader(invoke("results", "report", plan, "--csv").output.splitlines()))
    assert table[-1]["key"] == "all" and "compliance" in table[0]


def test_actions_are_proposed_for_what_is_below_target_and_added_once(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    path = tmp_path / "a.csv"
    path.write_text(
        "date,location,auditor,standard,result\n"
        + "".join(
            f"2026-03-0{d},Northside,Ana,s-answer-calls,{'no' if d < 4 else 'yes'}\n"
            for d in range(1, 7)
        )
        + "2026-03-02,Northside,Ana,s-greet,yes\n",
        encoding="utf-8",
    )
    invoke("results", "import", path, "--plan", plan)
    shown = json.loads(invoke("results", "actions", plan, "--json").output)
    assert [a["id"] for a in shown["actions"]] == ["audit-s-answer-calls"]
    action = shown["actions"][0]
    assert action["source"] == "audit" and action["touchpoint"] == "phone-booking"
    assert action["owner"] and action["due"] == "2026-04-30"  # March's end + a monthly review
    before = plan.read_text(encoding="utf-8")
    applied = invoke("results", "actions", plan, "--apply")
    assert applied.exit_code == 0, applied.output
    after = plan.read_text(encoding="utf-8")
    assert after.count("audit-s-answer-calls") == 1
    assert [line for line in before.splitlines() if line.lstrip().startswith("#")] == [
        line for line in after.splitlines() if line.lstrip().startswith("#")
    ]
    again = invoke("results", "actions", plan, "--apply")
    assert "on target (or has an open action)" in again.output
    assert plan.read_text(encoding="utf-8") == after
    actions = load(plan).plan.improvement.actions
    assert [a.id for a in actions].count("audit-s-answer-calls") == 1


def test_targets_are_read_from_the_standards_words() -> None:
    assert target_of("95% within 5 minutes") == 95
    assert target_of("2 checks a day, 100% of days") == 100
    assert target_of("every patient") == 100
    assert target_of("6 or more per week") is None
    assert target_of("92,5 % der Besuche") == 92.5


def test_without_results_the_report_says_so(plan: Path, invoke: Callable[..., Any]) -> None:
    result = invoke("results", "report", plan)
    assert result.exit_code == 1 and "no results yet" in result.output
    open_store(str(plan.with_name("cxplan.results.sqlite"))).close()
    assert "No results for these dates" in invoke("results", "report", plan).output


def test_the_same_figures_on_every_store(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any], store_place: str
) -> None:
    path, rows = random_answers(plan, tmp_path, 5, count=120)
    assert invoke("results", "import", path, "--plan", plan, "--db", store_place).exit_code == 0
    assert invoke("results", "import", path, "--plan", plan, "--db", store_place).exit_code == 0
    got = {}
    for by in ("standard", "touchpoint", "role", "location", "period"):
        for period in ("week", "month", "quarter"):
            result = invoke(
                "results",
                "report",
                plan,
                "--db",
                store_place,
                "--by",
                by,
                "--period",
                period,
                "--json",
            )
            assert result.exit_code == 0, result.output
            got[by, period] = json.loads(result.output)
            overall = got[by, period]["overall"]
            assert overall["yes"] + overall["no"] + overall["na"] + overall["blank"] == len(rows)
    weeks = got["period", "week"]["rows"]
    assert all(r["label"].startswith("2026-W") for r in weeks)
    assert [r["key"] for r in got["period", "quarter"]["rows"]] == sorted(
        {f"{r['date'][:4]}-Q{(int(r['date'][5:7]) + 2) // 3}" for r in rows}
    )
    shown = invoke("results", "actions", plan, "--db", store_place, "--json")
    assert shown.exit_code == 0, shown.output


def test_standards_added_up_from_sites_agree_with_counting_them_directly(
    plan: Path, tmp_path: Path, invoke: Callable[..., Any]
) -> None:
    from cxplan.results.scores import Scores, Window

    path, _ = random_answers(plan, tmp_path, 6)
    invoke("results", "import", path, "--plan", plan)
    model = load(plan).plan
    for window in (Window(), Window(dt.date(2026, 2, 1), dt.date(2026, 3, 15))):
        with open_store(str(plan.with_name("cxplan.results.sqlite"))) as store:
            direct = [c.as_json() for c in Scores(store, model, window).by_standard()]
            scores = Scores(store, model, window)
            scores.site_standard()
            assert [c.as_json() for c in scores.by_standard()] == direct
