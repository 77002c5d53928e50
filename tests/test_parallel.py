"""Work spread over processes: every item done once, progress in order, errors brought back."""

from __future__ import annotations

from pathlib import Path

import pytest

from cxplan.errors import CxplanError
from cxplan.parallel import can_fork, shares, spread


def test_shares_balance_by_weight_and_keep_order() -> None:
    items = list(range(10))
    parts = shares(items, lambda i: 10 if i == 0 else 1, 2)
    assert sorted(i for part in parts for i in part) == items
    assert all(part == sorted(part) for part in parts)
    assert [0] in parts  # the heavy item alone against the nine light ones
    assert shares(items, lambda i: 1, 1) == [items]
    assert shares([], lambda i: 1, 3) == []


@pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")
def test_spread_does_every_item_once_in_several_processes(tmp_path: Path) -> None:
    seen: list[int] = []

    def work(item: int) -> None:
        (tmp_path / f"{item}.txt").write_text(str(item))

    spread(list(range(25)), work, processes=3, progress=seen.append)
    assert sorted(int(p.stem) for p in tmp_path.iterdir()) == list(range(25))
    assert seen == sorted(seen) and seen[-1] == 25


@pytest.mark.skipif(not can_fork(), reason="needs fork and two cores")
@pytest.mark.parametrize("heavy", [{7}, {0, 7}], ids=["in this process", "in the other"])
def test_an_error_comes_back_from_either_process(tmp_path: Path, heavy: set[int]) -> None:
    def work(item: int) -> None:
        if item == 7:
            raise CxplanError(f"item {item} cannot be written")
        (tmp_path / f"{item}.txt").write_text("")

    with pytest.raises(CxplanError, match="item 7 cannot be written"):
        spread(list(range(12)), work, processes=2, weight=lambda i: 100 if i in heavy else 1)
