"""``disclose watch INPUT -o OUTDIR``: one process kept warm, the report rendered again after every save.

The input (a YAML file, a folder of them or a workbook) and the ``--templates`` folder are polled: their files'
modification times and sizes, every :data:`POLL_SECONDS`. A change is taken once the files have stood still for
:data:`SETTLE_SECONDS` (an editor often writes a file twice), then the report is checked (the lines of ``disclose
check``) and rendered into OUTDIR exactly as ``disclose render`` does: all outputs or none. A bad edit (YAML
syntax, a model error, a check error) prints its located error and leaves the last good outputs in OUTDIR as they
were; the watch goes on.

What did not change is not done again: a YAML file whose bytes are unchanged is not parsed again
(:func:`generator.load.reader.read_yaml_file`), region settings, table descriptions, phrases and compiled templates
are kept by their own caches, and the Typst compiler is kept (``Options.warm``) with the layouts of the last runs.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from . import pipeline, sources
from .errors import DiscloseError
from .load.reader import YAML_SUFFIXES

POLL_SECONDS = 0.2
SETTLE_SECONDS = 0.1  # the files unchanged this long after a change: the save is complete (editors write twice)


@dataclass
class Outcome:
    """One round: the files written (none when the edit was refused), its time, and the findings' lines."""

    written: list[Path] = field(default_factory=list)
    seconds: float = 0.0
    error: str | None = None
    findings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None


def finding_lines(findings, path: str | Path) -> list[str]:
    """What ``disclose check`` prints for one input: each finding located, then the count line."""
    errors = sum(1 for f in findings if f.severity == "错误" and not f.waived)
    warnings = sum(1 for f in findings if f.severity == "警告" and not f.waived)
    waived = sum(1 for f in findings if f.waived)
    lines = []
    for f in findings:
        tag = f"已确认（{f.waived}）" if f.waived else f.severity
        lines.append(f"{f.location}：{tag} [{f.rule}] {f.message}")
    lines.append(f"{path}：{errors} 个错误，{warnings} 个警告，{waived} 个已确认")
    return lines


def watched_files(
    path: str | Path, templates: str | Path | None = None, outdir: str | Path | None = None
) -> list[Path]:
    """The files a render reads that a user edits: the input's YAML files (or the workbook), the overlay's files;
    none inside *outdir* (an OUTDIR inside the overlay would otherwise start a render after every render)."""
    path = Path(path)
    files = [path]
    if path.is_dir():
        try:
            files = sorted(p for p in path.iterdir() if p.suffix.lower() in YAML_SUFFIXES)
        except OSError:
            files = []
    if templates and Path(templates).is_dir():
        files += sorted(p for p in Path(templates).rglob("*") if not p.name.startswith(".") and p.is_file())
    if outdir is not None:
        out = os.path.realpath(outdir)
        files = [f for f in files if not os.path.realpath(f).startswith(out + os.sep) and os.path.realpath(f) != out]
    return files


def snapshot(path: str | Path, templates: str | Path | None = None, outdir: str | Path | None = None) -> tuple:
    """(name, mtime, size) of every watched file; a file that is gone or being replaced counts as missing."""
    state: list[tuple[str, int | None, int | None]] = []
    for f in watched_files(path, templates, outdir):
        try:
            st = os.stat(f)
        except OSError:
            state.append((str(f), None, None))
            continue
        state.append((str(f), st.st_mtime_ns, st.st_size))
    return tuple(state)


@dataclass
class Watcher:
    """The command's state: what to render where, and the findings printed last (printed again only when changed)."""

    path: str
    outdir: str
    formats: Sequence[str] = ("pdf",)
    templates: str | None = None
    options: dict = field(default_factory=dict)  # pdf_engine, pdf_variant, catalog: as ``disclose render`` takes
    say: Callable[[str], None] = print
    shown: list[str] | None = None

    def render(self) -> Outcome:
        """Check and render once; a refused edit is reported, OUTDIR left as it was."""
        start = time.perf_counter()
        out = Outcome()
        try:
            prepared = sources.prepare(self.path, self.templates, self.options.get("catalog"))
            out.findings = finding_lines(prepared.findings, self.path)
            self._findings(out.findings)
            if any(f.severity == "错误" and not f.waived for f in prepared.findings):
                out.error = "检查发现错误"
            else:
                out.written = pipeline.render(
                    self.path, self.outdir, self.formats, self.templates, prepared=prepared, warm=True, **self.options
                )
        except DiscloseError as exc:
            out.error = exc.format_message()
            self.shown = None  # the findings are printed again once the input reads
            self.say(f"错误：{out.error}")
        out.seconds = time.perf_counter() - start
        stamp = time.strftime("%H:%M:%S")
        if out.ok:
            names = "、".join(str(w) for w in out.written)
            self.say(f"[{stamp}] 已生成 {names}（用时 {out.seconds:.2f} 秒）")
        else:
            self.say(f"[{stamp}] 未生成：输入有误，{self.outdir} 中保留上次生成的文件；改正后保存即重新生成")
        return out

    def _findings(self, lines: list[str]) -> None:
        if lines != self.shown:
            for line in lines:
                self.say(line)
        else:
            self.say(f"{lines[-1]}（同上次）")
        self.shown = lines


def watch(
    watcher: Watcher,
    rounds: int | None = None,
    after: Callable[[Outcome], None] | None = None,
    poll: float = POLL_SECONDS,
    settle: float = SETTLE_SECONDS,
) -> int:
    """Render now and after every change of the watched files, until interrupted (Ctrl-C, SIGTERM: a
    KeyboardInterrupt the caller handles) or, for tests, after *rounds* renders; *after* is called with each
    round's outcome. Returns the number of rounds."""
    done = 0
    last = snapshot(watcher.path, watcher.templates, watcher.outdir)
    while True:
        outcome = watcher.render()
        done += 1
        if after is not None:
            after(outcome)
        if rounds is not None and done >= rounds:
            return done
        last = _next_change(watcher, last, poll, settle)


def _next_change(watcher: Watcher, last: tuple, poll: float, settle: float) -> tuple:
    """Wait until the watched files differ from *last* and then stand still for *settle* seconds; the new state."""
    while True:
        time.sleep(poll)
        now = snapshot(watcher.path, watcher.templates, watcher.outdir)
        if now == last:
            continue
        while True:  # a burst of saves: wait for the last one
            time.sleep(settle)
            again = snapshot(watcher.path, watcher.templates, watcher.outdir)
            if again == now:
                return now
            now = again
