"""Writers side by side: work run in a forked copy of the process, its result sent back.

A build writes four deliverables that share only the plan; on a machine with two or more
cores, half of them are written in a forked child while the parent writes the rest. Fork
(not spawn) means the child starts with the plan already loaded. Where fork is missing
(Windows, macOS), on one core, with CXPLAN_JOBS=1, or for a very large plan (whose second
copy would cost more memory than the seconds saved are worth), everything runs in one
process.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any

from cxplan.errors import CxplanError

MAX_PLAN_CHARS = 4_000_000  # larger plans (about 2,000 touchpoints and up): one process


def can_fork(plan_chars: int = 0) -> bool:
    """Whether writing may use two processes: two cores, fork, not turned off, and a plan
    small enough that a second copy of it costs less memory than the time it saves."""
    import multiprocessing

    return (
        os.environ.get("CXPLAN_JOBS", "").strip() != "1"
        and plan_chars <= MAX_PLAN_CHARS
        # macOS offers fork but its system libraries do not survive it.
        and sys.platform.startswith(("linux", "freebsd"))
        and (os.cpu_count() or 1) > 1
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
