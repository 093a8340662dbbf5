"""All outputs of a report or none, also when the run is killed.

* Output names come from the unit's name made safe (:func:`safe_stem`): no separators, no control characters,
  no leading dot, bounded length in bytes; every output lands directly inside OUTDIR.
* Files are written into a staging folder *beside* OUTDIR (same file system, hidden name with the process id), so a
  killed run leaves nothing that looks like a report inside OUTDIR; the next run removes staging folders whose
  process is gone.
* When every format is written, each file replaces its old version with one atomic rename; if a rename fails, the
  ones already done are rolled back to the old files. Any failure leaves OUTDIR as it was, with a Chinese message.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import interrupts
from .errors import DiscloseError

STAGING = ".disclose-staging-"
MAX_NAME_BYTES = 200  # leaves room for ".docx" and the staging suffix below the usual 255-byte limit
# characters that cannot (or should not) appear in a file name on Linux, Windows or macOS → full-width look-alikes
_REPLACE = str.maketrans(
    {"/": "／", "\\": "＼", ":": "：", "*": "＊", "?": "？", '"': "＂", "<": "＜", ">": "＞", "|": "｜"}
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")

_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "磁盘配额已满",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "文件系统只读",
    errno.ENOTDIR: "路径中有同名文件而不是文件夹",
    errno.EISDIR: "同名的文件夹已存在",
    errno.EEXIST: "同名的文件已存在",
    errno.ENAMETOOLONG: "文件名过长",
}


class OutputError(DiscloseError):
    """OUTDIR cannot take the outputs (full disk, not writable, a file, a name taken by a folder …)."""


def os_reason(exc: OSError) -> str:
    return _REASONS.get(exc.errno or 0, exc.strerror or str(exc))


def safe_stem(text: str) -> str:
    """A file name stem from *text*: separators and reserved characters replaced by full-width look-alikes,
    control characters dropped, leading dots and spaces removed, cut to :data:`MAX_NAME_BYTES` UTF-8 bytes."""
    name = _CONTROL.sub("", text).translate(_REPLACE).strip().lstrip(".").strip() or "报告"
    while len(name.encode("utf-8")) > MAX_NAME_BYTES:
        name = name[:-1]
    return name


def report_stem(unit: str, suffix: str) -> str:
    """``{unit}{suffix}`` made safe, shortening the unit's name (not the suffix) when the whole is too long."""
    suffix = safe_stem(suffix)
    budget = MAX_NAME_BYTES - len(suffix.encode("utf-8"))
    unit = safe_stem(unit)
    while len(unit.encode("utf-8")) > budget:
        unit = unit[:-1]
    return unit + suffix


def _prepare_outdir(outdir: Path) -> Path:
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"输出目录“{outdir}”是一个文件，不是文件夹；请换一个输出目录")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建输出目录“{outdir}”：{os_reason(exc)}") from None
    if not os.access(outdir, os.W_OK | os.X_OK):
        raise OutputError(f"无法写入输出目录“{outdir}”：没有写入权限")
    return outdir


def _stale(path: Path) -> bool:
    """A staging folder whose process is gone (killed run)."""
    try:
        pid = int(path.name.rsplit(STAGING, 1)[1].split("-", 1)[0])
    except (IndexError, ValueError):
        return False
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def remove_stale(folder: Path) -> None:
    try:
        entries = list(folder.iterdir())
    except OSError:
        return
    for entry in entries:
        if STAGING in entry.name and entry.is_dir() and not entry.is_symlink() and _stale(entry):
            shutil.rmtree(entry, ignore_errors=True)


def _staging_dir(outdir: Path) -> Path:
    """A fresh staging folder beside *outdir* (same file system, so the final renames are atomic); inside it,
    hidden, when the parent cannot be written."""
    real = Path(os.path.realpath(outdir))
    for parent, prefix in ((real.parent, f".{real.name}{STAGING}"), (real, STAGING)):
        remove_stale(parent)
        try:
            return Path(tempfile.mkdtemp(prefix=f"{prefix}{os.getpid()}-", dir=parent))
        except OSError:
            continue
    raise OutputError(f"无法在输出目录“{outdir}”旁或其中建立临时文件夹：没有写入权限")


def _install(tmp: Path, outdir: Path, names: list[str]) -> None:
    """Move every staged file into *outdir*; on any failure put the old files back and raise."""
    for name in names:
        target = outdir / name
        if target.is_symlink() or (target.exists() and not target.is_file()):
            raise OutputError(
                f"无法写入“{target}”：{'同名的文件夹已存在' if target.is_dir() else '同名的链接或特殊文件已存在'}，"
                "请移走后重试（旧文件均未改动）"
            )
    done: list[tuple[Path, Path | None]] = []
    try:
        for name in names:
            target = outdir / name
            backup = None
            if target.exists():
                backup = tmp / f".old-{name}"
                try:
                    os.link(target, backup)  # keep the old file until every new one is in place
                except OSError:
                    shutil.copy2(target, backup)
            os.replace(tmp / name, target)
            done.append((target, backup))
    except OSError as exc:
        for target, backup in reversed(done):
            if backup is not None:
                os.replace(backup, target)
            else:
                target.unlink(missing_ok=True)
        raise OutputError(f"无法写入“{outdir}”：{os_reason(exc)}（本次未留下任何文件，旧文件未改动）") from None


def staging_beside(target: Path) -> Path:
    """A fresh hidden folder beside the folder *target* for its replacement (see :func:`replace_folder`), named
    with this process's id so that a later run removes it should this one be killed."""
    parent = Path(os.path.realpath(target)).parent
    parent.mkdir(parents=True, exist_ok=True)
    remove_stale(parent)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}{STAGING}{os.getpid()}-", dir=parent))


def replace_folder(new: Path, target: Path) -> None:
    """Put the finished folder *new* in the place of *target* (an input folder that ``--force`` replaces): the old
    folder is moved aside first and removed only once the new one is in place; if that fails, it is moved back.
    Both renames stay on one file system (*new* is made beside *target*), so no moment leaves *target* missing
    that a failure could make permanent."""
    aside = None
    if target.exists() or target.is_symlink():
        aside = Path(tempfile.mkdtemp(prefix=f".{target.name}.disclose-old-", dir=target.parent)) / "old"
        os.replace(target, aside)
    try:
        os.replace(new, target)
    except OSError as exc:
        if aside is not None:
            os.replace(aside, target)
            shutil.rmtree(aside.parent, ignore_errors=True)
        raise OutputError(f"无法写入“{target}”：{os_reason(exc)}（原文件夹未改动）") from None
    if aside is not None:
        shutil.rmtree(aside.parent, ignore_errors=True)


@contextmanager
def staged(outdir: Path) -> Iterator[Path]:
    """Yield a staging folder; on success move its files into *outdir* (all or none), always remove it."""
    outdir = _prepare_outdir(Path(outdir))
    tmp = _staging_dir(outdir)
    try:
        try:
            yield tmp
        except OSError as exc:  # a writer could not write its file: full disk, quota …
            raise OutputError(
                f"写出报告失败：{os_reason(exc)}（{exc.filename or tmp}）；输出目录“{outdir}”未改动"
            ) from None
        names = sorted(p.name for p in tmp.iterdir() if not p.name.startswith(".old-"))
        _install(tmp, outdir, names)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def terminate_cleanly() -> None:
    """Turn SIGTERM (and SIGHUP) into SystemExit and Ctrl-C into KeyboardInterrupt, never raised inside a
    finalizer (see :mod:`generator.interrupts`), so that ``finally`` blocks remove the staging folder."""
    interrupts.install()
    handlers = {
        signal.SIGINT: interrupts.raising(lambda signum: KeyboardInterrupt()),
        signal.SIGTERM: interrupts.raising(lambda signum: SystemExit(128 + signum)),
    }
    if hasattr(signal, "SIGHUP"):
        handlers[signal.SIGHUP] = interrupts.raising(lambda signum: SystemExit(128 + signum))
    for sig, handler in handlers.items():
        if sig == signal.SIGINT and signal.getsignal(sig) is not signal.default_int_handler:
            continue  # Ctrl-C ignored by the caller (nohup, a batch worker): keep it so
        try:
            signal.signal(sig, handler)
        except ValueError:  # not the main thread
            pass
