"""Article processing across CPU cores: the NLP of a batch runs in worker processes, storing stays in one.

`process` is pure (text in, ProcessedArticle out), so a batch can be split over processes and
the results stored in their original order. Worker processes are forked from a server that
has imported the NLP modules once (multiprocessing's forkserver), so a pool starts quickly and
never inherits the caller's threads, database connections or sockets.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor

from digest.pipeline import ProcessedArticle, process
from digest.sources.model import Failure, RawArticle

Job = tuple[RawArticle, frozenset[str]]  # an article and its outlet's template lines
MIN_PER_PROCESS = 4  # below this a pool costs more than it saves
_CHUNK = 2
_PARENT_CHECK_SECONDS = 1.0


def process_all(jobs: Sequence[Job], processes: int = 1) -> Iterator[ProcessedArticle | Failure]:
    """Process each article (in order), over `processes` worker processes when the batch is big enough."""
    workers = min(processes, len(jobs) // MIN_PER_PROCESS)
    if workers <= 1:
        yield from (process(raw, template=template) for raw, template in jobs)
        return
    pool = ProcessPoolExecutor(workers, mp_context=_context(), initializer=_exit_with, initargs=(os.getpid(),))
    with pool:
        yield from pool.map(_process_job, jobs, chunksize=_CHUNK)


def _process_job(job: Job) -> ProcessedArticle | Failure:
    raw, template = job
    return process(raw, template=template)


def _exit_with(parent: int) -> None:
    """Run in each worker: leave when the process that started the pool is gone.

    A worker blocks on its task queue, and a killed parent (SIGKILL, OOM) never closes it:
    without this the workers, the fork server and the resource tracker would live on.
    """

    def watch() -> None:
        while True:
            try:
                os.kill(parent, 0)
            except ProcessLookupError:
                os._exit(1)
            time.sleep(_PARENT_CHECK_SECONDS)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["digest.pipeline"])
    return context
