"""Article processing across CPU cores: the NLP of a batch runs in worker processes, storing stays in one.

`process` is pure (text in, ProcessedArticle out), so a batch can be split over processes and
the results stored in their original order. Worker processes are forked from a server that
has imported the NLP modules once (multiprocessing's forkserver), so a pool starts quickly and
never inherits the caller's threads, database connections or sockets. The pool lives as long as
the process that uses it, and each worker loads the models once, when it starts (not per batch).
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from digest.pipeline import ProcessedArticle, process
from digest.sources.model import Failure, RawArticle

Job = tuple[RawArticle, frozenset[str]]  # an article and its outlet's template lines
MIN_PER_PROCESS = 4  # below this a pool costs more than it saves
_CHUNK = 2
_PARENT_CHECK_SECONDS = 1.0


_POOLS: dict[int, ProcessPoolExecutor] = {}
_POOLS_LOCK = threading.Lock()


def process_all(jobs: Sequence[Job], processes: int = 1) -> Iterator[ProcessedArticle | Failure]:
    """Process each article (in order), over `processes` worker processes when the batch is big enough."""
    if processes <= 1 or len(jobs) < MIN_PER_PROCESS * 2:
        yield from (process(raw, template=template) for raw, template in jobs)
        return
    done = 0
    try:
        for result in _pool(processes).map(_process_job, jobs, chunksize=_CHUNK):
            yield result  # as they come: the caller stores one while the workers go on with the next
            done += 1
    except BrokenProcessPool:  # a worker died (killed, out of memory): the rest on a new pool, once
        _drop_pool(processes)
        yield from _pool(processes).map(_process_job, jobs[done:], chunksize=_CHUNK)


def _pool(processes: int) -> ProcessPoolExecutor:
    """This process's pool of `processes` NLP workers, started once and kept."""
    with _POOLS_LOCK:
        if processes not in _POOLS:
            _POOLS[processes] = ProcessPoolExecutor(
                processes, mp_context=_context(), initializer=_start_worker, initargs=(os.getpid(),)
            )
            if len(_POOLS) == 1:
                atexit.register(shutdown_pools)
        return _POOLS[processes]


def _drop_pool(processes: int) -> None:
    with _POOLS_LOCK:
        pool = _POOLS.pop(processes, None)
    if pool is not None:
        pool.shutdown(wait=False, cancel_futures=True)


def shutdown_pools() -> None:
    """Stop the NLP workers (at exit; tests may call it)."""
    with _POOLS_LOCK:
        for pool in _POOLS.values():
            pool.shutdown(wait=True, cancel_futures=True)
        _POOLS.clear()


_WARM_UP = RawArticle(
    item="warm-up",
    url="warm-up:",
    title="افتتاح معرض الرياض الدولي للكتاب",
    text=(
        "افتتح وزير الثقافة معرض الرياض الدولي للكتاب بمشاركة أكثر من ألف دار نشر من ثلاثين دولة. "
        "وقال الوزير في كلمة الافتتاح إن المعرض أصبح موعداً سنوياً للقراء والناشرين في المنطقة كلها."
    ),
)


def _start_worker(parent: int) -> None:
    """Run once in each worker: leave with the parent, and load the models before the first article."""
    _exit_with(parent)
    process(_WARM_UP)


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
