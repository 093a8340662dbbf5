"""Many reports in one command (``disclose render A B C -j N``): worker processes, progress, a summary.

Each report is rendered whole by one worker with :func:`generator.pipeline.render` (all its outputs or none), so
one failing report stops no other. Output names are known after loading, so every input is loaded first and two
inputs that would write the same file are refused before anything is rendered.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import defaultdict
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from . import interrupts
from .errors import DiscloseError

INTERRUPTED = 130  # exit code after Ctrl-C, as a shell reports SIGINT
WATCH_SECONDS = 0.5  # how often a worker checks that its parent is still there
_QUIET_TRACKER = "ignore::UserWarning:multiprocessing.resource_tracker"


@dataclass
class Outcome:
    """What became of one input: the files written, or the located reason it failed."""

    input: str
    written: list[str] = field(default_factory=list)
    error: str | None = None
    exit_code: int = 0

    def reason(self) -> str:
        """The located failure, naming the input once."""
        error = self.error or ""
        return error if error.startswith(self.input) else f"{self.input}：{error}"


# ---------------------------------------------------------------- work done in a worker (or in-process for -j 1)


def _failure(path: str, exc: BaseException) -> Outcome:
    if isinstance(exc, DiscloseError):
        return Outcome(path, error=exc.format_message(), exit_code=exc.exit_code)
    # a bug, not an input problem: still one report's failure, named without a traceback
    return Outcome(path, error=f"内部错误 {type(exc).__name__}：{exc}", exit_code=1)


def output_stem(path: str) -> tuple[str, str | None, Outcome | None]:
    """(path, the name the outputs of *path* get, or None with the failure when the input cannot be read)."""
    from .model import build_report
    from .pipeline import output_stem as stem
    from .sources import load

    try:
        return path, stem(build_report(load(path))), None
    except Exception as exc:  # noqa: BLE001 - each report fails alone
        return path, None, _failure(path, exc)


_stopping = None  # in a worker: the pool's "stop" event, set by the parent on Ctrl-C
_busy = False  # in a worker: rendering a report (its staging folder must be removed before the worker ends)


def render_one(path: str, outdir: str, formats: list[str], templates: str | None, options: dict) -> Outcome:
    """Render one input completely (``pipeline.render``); every error becomes the report's located failure."""
    from . import pipeline, sources

    if _stopping is not None and _stopping.is_set():  # queued before Ctrl-C: not started
        raise KeyboardInterrupt
    global _busy
    try:
        _busy = True
        with _interruptible():
            prepared = sources.prepare(path, templates, options.get("catalog"))
            written = pipeline.render(path, outdir, formats, templates, prepared=prepared, **options)
    except interrupts.Terminated as exc:
        if _stopping is None:  # in-process (-j 1): the batch stops as on Ctrl-C
            raise
        # a worker told to end (its parent is gone, or the process group was terminated): its staged files are
        # removed by now; nobody may be left to receive a result, so end here without a word
        os._exit(exc.exit_code)
    except Exception as exc:  # noqa: BLE001 - each report fails alone
        return _failure(path, exc)
    finally:
        _busy = False
        if "typst" in sys.modules:  # this process renders the next report too: Typst's layouts of this one go
            from .writers.typst import release_caches

            release_caches()
    return Outcome(path, written=[str(w) for w in written])


class _Pool(ProcessPoolExecutor):
    """The worker pool, carrying the event that tells its workers to stop (set on Ctrl-C)."""

    stopping: Any = None


@contextmanager
def spawning():
    """Ctrl-C held back while workers may be started: a new worker inherits the blocked signal mask, so a Ctrl-C
    during its start-up (importing modules, before :func:`_worker_init`) waits instead of printing a traceback from
    it; here the held signal is delivered as soon as the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _worker_init(stopping, parent: int) -> None:
    # an idle worker ignores Ctrl-C (the parent stops the pool); a busy one stops its report (see _interruptible)
    global _stopping
    _stopping = stopping
    interrupts.install()
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):  # blocked by spawning() in the parent: a Ctrl-C held until now is dropped
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    # SIGTERM (sent by the kernel when the parent dies, or to the whole process group) ends the worker: a busy one
    # after removing its report's staging folder, an idle one at once
    stop_report = interrupts.raising(interrupts.Terminated, once=True)

    def terminate(signum, frame) -> None:
        if _busy:
            stop_report(signum, frame)  # raises, or re-sends itself once a finalizer has returned
            return
        os._exit(128 + signum)  # idle: nothing to clean up, and no traceback from the pool's worker loop

    signal.signal(signal.SIGTERM, terminate)
    end_with_parent(parent)


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def end_with_parent(parent: int) -> None:
    """Have this process receive SIGTERM when the process *parent* ends, even by SIGKILL: the kernel's parent-death
    signal on Linux, and everywhere a watcher thread that notices the parent is gone (the process is re-parented)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        os.kill(os.getpid(), signal.SIGTERM)

    if os.getppid() != parent:  # the parent ended before the signal was set up
        os.kill(os.getpid(), signal.SIGTERM)
    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


class _interruptible:
    """Within a worker's task, the first SIGINT raises KeyboardInterrupt (the report's staged files are removed),
    later ones are ignored so that the clean-up itself is not interrupted. No-op in the main process."""

    def __enter__(self):
        self.previous = signal.getsignal(signal.SIGINT)
        if self.previous is signal.SIG_IGN:
            signal.signal(signal.SIGINT, interrupts.raising(lambda signum: KeyboardInterrupt(), once=True))

    def __exit__(self, *exc):
        if self.previous is signal.SIG_IGN:
            signal.signal(signal.SIGINT, signal.SIG_IGN)


# ---------------------------------------------------------------- the command


def collisions(inputs: list[str], stems: dict[int, str], outdir: str) -> dict[int, Outcome]:
    """Inputs (by position) whose outputs would overwrite each other's in *outdir*: same 单位名称, 年度, 级次 and
    类型, or the same input given twice."""
    by_stem: dict[str, list[int]] = defaultdict(list)
    for i, stem in stems.items():
        by_stem[stem].append(i)
    failed = {}
    for stem, positions in by_stem.items():
        if len(positions) > 1:
            for i in positions:
                p = inputs[i]
                others = "、".join(dict.fromkeys(inputs[j] for j in positions if j != i))
                what = "该输入重复给出" if others == p else f"输出文件名与 {others} 相同"
                failed[i] = Outcome(
                    p,
                    error=f"{p}：{what}（{Path(outdir) / stem}.*），会互相覆盖，均未生成；"
                    "请核对 报告.单位名称/年度/级次/类型，或分别输出到不同目录",
                    exit_code=2,
                )
    return failed


class Progress:
    """A progress bar on a terminal; otherwise one line per finished report."""

    def __init__(self, total: int):
        self.total, self.done = total, 0
        self.bar = None
        if sys.stdout.isatty():
            self.bar = click.progressbar(
                length=total, label="生成报告", show_pos=True, show_eta=True, item_show_func=lambda name: name or ""
            )
            self.bar.__enter__()

    def finished(self, outcome: Outcome) -> None:
        self.done += 1
        if self.bar is not None:
            self.bar.update(1, outcome.input)
        elif outcome.error is None:
            click.echo(f"[{self.done}/{self.total}] 已生成 " + "、".join(outcome.written))
        else:
            lines = outcome.reason().splitlines()
            first = lines[0] + (lines[1].strip() if lines[0].endswith("：") and len(lines) > 1 else "")
            click.echo(f"[{self.done}/{self.total}] 失败 {first}")

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def run(
    inputs: list[str],
    outdir: str,
    formats: list[str],
    templates: str | None = None,
    jobs: int = 1,
    options: dict | None = None,
) -> int:
    """Render every input, *jobs* at a time; print progress and a summary; return the exit code.

    *options* are further keyword arguments of :func:`pipeline.render`, passed to every report unchanged.
    Exit code: 0 all rendered, else the largest of the failures' codes (2 unreadable input, 1 check or render
    error), 130 after Ctrl-C."""
    options = dict(options or {})
    inputs = [str(p) for p in inputs]
    jobs = max(1, min(jobs, len(inputs)))
    outcomes: dict[int, Outcome] = {}  # by position in *inputs*: the same path may be given twice
    pool = None
    progress = None
    try:
        if jobs > 1:
            # the resource tracker (a helper process) outlives a killed parent and would list the pool's semaphores
            # in an English warning; it takes its warning options from ours
            if _QUIET_TRACKER not in sys.warnoptions:
                sys.warnoptions.append(_QUIET_TRACKER)
            context = multiprocessing.get_context("spawn")  # fresh workers: no state copied from this process
            stopping = context.Event()
            pool = _Pool(jobs, mp_context=context, initializer=_worker_init, initargs=(stopping, os.getpid()))
            pool.stopping = stopping
            try:
                with spawning():
                    found = pool.map(output_stem, inputs)  # submits every task now: the workers start here
                stems_found = list(found)
            except BrokenProcessPool:
                raise DiscloseError("生成进程意外退出（内存不足或被终止），未生成任何报告") from None
        else:
            stems_found = [output_stem(p) for p in inputs]
        stems: dict[int, str] = {}
        for i, (_, stem, failure) in enumerate(stems_found):
            if failure:
                outcomes[i] = failure
            elif stem is not None:
                stems[i] = stem
        outcomes.update(collisions(inputs, stems, outdir))
        todo = [i for i in range(len(inputs)) if i not in outcomes]
        progress = Progress(len(inputs))
        for i in sorted(outcomes):
            progress.finished(outcomes[i])
        if pool is None:
            for i in todo:
                outcomes[i] = render_one(inputs[i], outdir, formats, templates, options)
                progress.finished(outcomes[i])
        else:
            _render_in_pool(pool, inputs, todo, outdir, formats, templates, options, outcomes, progress)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM/SIGHUP (interrupts.Terminated)
        if progress:
            progress.close()
        _stop(pool)
        pool = None
        rendered = [o for o in outcomes.values() if o.error is None]
        files = sum(len(o.written) for o in rendered)
        how = "已终止（收到终止信号）" if isinstance(exc, interrupts.Terminated) else "已中断"
        click.echo(
            f"\n{how}：已生成 {len(rendered)} 份报告（{files} 个文件），其余 {len(inputs) - len(rendered)} 份"
            "未完成，没有写出任何文件。",
            err=True,
        )
        return getattr(exc, "exit_code", INTERRUPTED)
    finally:
        if pool is not None:
            pool.shutdown()
    progress.close()
    return summary([outcomes[i] for i in sorted(outcomes)])


def _size(path: str) -> int:
    p = Path(path)
    try:
        return sum(f.stat().st_size for f in (p.rglob("*.y*ml") if p.is_dir() else [p]) if f.is_file())
    except OSError:
        return 0


def _render_in_pool(pool, inputs, todo, outdir, formats, templates, options, outcomes, progress) -> None:
    # largest inputs first: the batch does not end with one worker rendering a big report while the others idle
    todo = sorted(todo, key=lambda i: -_size(inputs[i]))
    with spawning():
        futures = {pool.submit(render_one, inputs[i], outdir, formats, templates, options): i for i in todo}
    pending = set(futures)
    while pending:
        done, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)  # timeout: Ctrl-C is seen
        for fut in done:
            i = futures[fut]
            try:
                outcomes[i] = fut.result()
            except BrokenProcessPool:  # a worker died (killed, out of memory): the reports it held failed
                outcomes[i] = Outcome(inputs[i], error="生成进程意外退出（内存不足或被终止），未生成", exit_code=1)
            progress.finished(outcomes[i])


def _stop(pool) -> None:
    """Ctrl-C: cancel what has not started; ask the busy workers to stop (their staged files are removed)."""
    if pool is None:
        return
    pool.stopping.set()  # tasks already queued to a worker return at once
    for proc in list(getattr(pool, "_processes", {}).values()):  # no public accessor for the worker processes
        try:
            os.kill(proc.pid, signal.SIGINT)
        except (OSError, AttributeError):
            pass
    try:
        pool.shutdown(wait=True, cancel_futures=True)
    except KeyboardInterrupt:  # a second Ctrl-C: do not wait any longer
        pass


def summary(outcomes: list[Outcome]) -> int:
    failed = [o for o in outcomes if o.error is not None]
    rendered = len(outcomes) - len(failed)
    files = sum(len(o.written) for o in outcomes)
    click.echo(f"完成：已生成 {rendered} 份报告（{files} 个文件），失败 {len(failed)} 份。")
    for o in failed:
        click.echo("失败 " + o.reason().replace("\n", "\n  "), err=True)
    return max((o.exit_code for o in failed), default=0)
