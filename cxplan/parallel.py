"""Writers side by side: work run in a forked copy of the process, its result sent back.

A build writes four deliverables that share only the plan; on a machine with two or more
cores, half of them are written in a forked child while the parent writes the rest. Fork
(not spawn) means the child starts with the plan already loaded. Where fork is missing
(Windows, macOS), on one core, with CXPLAN_JOBS=1, or for a very large plan (whose second
copy would cost more memory than the seconds saved are worth), everything runs in one
process.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from cxplan.errors import CxplanError

MAX_PLAN_CHARS = 4_000_000  # larger plans (about 2,000 touchpoints and up): one process
T = TypeVar("T")


def cores() -> int:
    """How many processes work may use: CXPLAN_JOBS if it is a number, else the cores this
    process may run on."""
    given = os.environ.get("CXPLAN_JOBS", "").strip()
    if given.isdigit() and int(given) > 0:
        return int(given)
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork(plan_chars: int = 0) -> bool:
    """Whether writing may use two processes: two cores, fork, not turned off, and a plan
    small enough that a second copy of it costs less memory than the time it saves."""
    import multiprocessing

    return (
        cores() > 1
        and plan_chars <= MAX_PLAN_CHARS
        # macOS offers fork but its system libraries do not survive it.
        and sys.platform.startswith(("linux", "freebsd"))
        and "fork" in multiprocessing.get_all_start_methods()
        and not multiprocessing.current_process().daemon  # a worker starts no workers
    )


class Worker:
    """``work`` run in a forked copy of this process; its result or error comes back."""

    def __init__(self, work: Callable[[], Any]) -> None:
        import gc
        import multiprocessing
        import sys

        context = multiprocessing.get_context("fork")
        self.reader, writer = context.Pipe(duplex=False)

        def run() -> None:
            try:
                writer.send(("ok", work()))
            except (CxplanError, KeyboardInterrupt) as error:
                writer.send(("error", error))
            except BaseException:  # a bug: its traceback goes to the parent, which shows it
                import traceback

                writer.send(("crash", traceback.format_exc()))
            finally:
                writer.close()

        # Output buffered now would be written twice; objects frozen now are not copied
        # into the child by the garbage collector touching them.
        sys.stdout.flush()
        sys.stderr.flush()
        gc.freeze()
        try:
            self.process = context.Process(target=run, name="cxplan-build", daemon=True)
            self.process.start()
        finally:
            gc.unfreeze()
        writer.close()

    def result(self) -> Any:
        try:
            kind, value = self.reader.recv()
        except EOFError:
            self.process.join()
            raise CxplanError(
                f"the build's second process stopped unexpectedly (exit code "
                f"{self.process.exitcode}); build again with CXPLAN_JOBS=1 to use one process"
            ) from None
        self.process.join()
        if kind == "error":
            raise value
        if kind == "crash":
            raise RuntimeError(f"the build's second process failed:\n{value}")
        return value

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.reader.close()


def shares(items: Sequence[T], weight: Callable[[T], int], count: int) -> list[list[T]]:
    """``items`` dealt into ``count`` shares of about equal weight (heaviest first, each to
    the lightest share so far), each share in the items' own order; empty shares dropped."""
    bins: list[list[int]] = [[] for _ in range(max(count, 1))]
    loads = [0] * len(bins)
    for index in sorted(range(len(items)), key=lambda i: -weight(items[i])):
        lightest = loads.index(min(loads))
        bins[lightest].append(index)
        loads[lightest] += max(weight(items[index]), 1)
    return [[items[i] for i in sorted(share)] for share in bins if share]


def spread(
    items: Sequence[T],
    work: Callable[[T], None],
    *,
    processes: int,
    weight: Callable[[T], int] = lambda item: 1,
    progress: Callable[[int], None] = lambda done: None,
) -> None:
    """``work(item)`` for every item, the items spread over ``processes`` processes: this
    one and forked copies of it. ``progress`` hears how many items are done, in this process,
    as work finishes anywhere. The first error stops every process and is raised here."""
    parts = shares(items, weight, processes)
    if len(parts) <= 1:
        for done, item in enumerate(items, start=1):
            work(item)
            progress(done)
        return
    import multiprocessing

    counter = multiprocessing.get_context("fork").Value("i", 0)

    def run(part: list[T]) -> None:
        for item in part:
            work(item)
            with counter.get_lock():
                counter.value += 1

    workers: list[Worker] = []
    try:
        for part in parts[1:]:
            workers.append(Worker(functools.partial(run, part)))
        for item in parts[0]:
            work(item)
            with counter.get_lock():
                counter.value += 1
            progress(counter.value)
        for worker in workers:
            while worker.process.is_alive():
                worker.process.join(0.1)
                progress(counter.value)
            worker.result()
        progress(counter.value)
    finally:
        for worker in workers:
            worker.stop()
