"""All outputs of a report or none, also when the run is killed.

* Output names come from the unit's name made safe (:func:`safe_stem`): no separators, no control characters,
  no leading dot, bounded length in bytes; every output lands directly inside OUTDIR.
* Every folder or file a command writes is checked first (:func:`folder_target`, :func:`file_target`): no symlink
  in its place, the right kind, never the current folder, nor around or inside the input being read.
* Files are written into a staging folder *beside* OUTDIR (same file system), named after OUTDIR, this machine and
  this process (``.NAME.disclose-staging-PID-HOST-…``), so a killed run leaves nothing that looks like a report
  inside OUTDIR; the next run on this machine removes its target's staging folders whose process is gone, and
  never another folder's or another machine's.
* When every format is written, each file replaces its old version with one atomic rename; if a rename fails, the
  ones already done are rolled back to the old files. Any failure leaves OUTDIR as it was, with a Chinese message.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import shutil
import signal
import socket
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from . import interrupts
from .errors import DiscloseError

STAGING = ".disclose-staging-"
OLD = ".disclose-old-"  # a replaced input folder, renamed aside until the new one is in place
_ANCHOR_BYTES = 96  # the target's name in a staging name, so that ".name.disclose-staging-pid-host-xxxx" fits
MAX_REPLACED_FOLDERS = 1000  # an input folder replaced by --force holds a handful
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
    outdir = folder_target(outdir, "输出目录", replace=False)
    try:
        outdir.mkdir(exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法创建输出目录“{outdir}”：{os_reason(exc)}") from None
    if not os.access(outdir, os.W_OK | os.X_OK):
        raise OutputError(f"无法写入输出目录“{outdir}”：没有写入权限")
    return outdir


# ---------------------------------------------------------------- staging names: anchored to a target, owned


def host_tag() -> str:
    """A short tag of this machine: a staging folder on a shared file system belongs to host *and* process."""
    return hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


def _anchor(name: str) -> str:
    """The target's name as it appears in its staging names: shortened so that the whole stays a valid name."""
    name = name.lstrip(".") or "_"
    while len(name.encode("utf-8")) > _ANCHOR_BYTES:
        name = name[:-1]
    return name


def staging_prefix(target: Path, kind: str = STAGING) -> str:
    """Names of the staging folders (or files) of *target* start with this: ``.<name>.disclose-staging-``."""
    return f".{_anchor(target.name)}{kind}"


def _owned_prefix(target: Path, kind: str = STAGING) -> str:
    return f"{staging_prefix(target, kind)}{os.getpid()}-{host_tag()}-"


def _stale(entry: Path, prefix: str) -> bool:
    """A staging entry of this machine whose process is gone (a killed run). Entries of another machine (a shared
    folder) or of a live process, and names not made by :func:`_owned_prefix`, are never stale."""
    parts = entry.name[len(prefix) :].split("-", 2)
    if len(parts) != 3 or not parts[0].isdigit() or parts[1] != host_tag():
        return False
    pid = int(parts[0])
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (PermissionError, OverflowError):
        return False
    return False


def remove_stale(parent: Path, target: Path) -> None:
    """Remove what killed runs of this machine left of *target*'s staging in *parent* (only names anchored to
    *target*, so another folder's staging beside it is never touched)."""
    prefix = staging_prefix(target)
    try:
        entries = [e for e in parent.iterdir() if e.name.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        if entry.is_symlink() or not _stale(entry, prefix):
            continue
        if entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                entry.unlink()


def _staging_dir(outdir: Path) -> Path:
    """A fresh staging folder beside *outdir* (same file system, so the final renames are atomic); inside it,
    hidden, when the parent cannot be written."""
    real = Path(os.path.realpath(outdir))
    remove_stale(real.parent, real)
    try:
        return Path(tempfile.mkdtemp(prefix=_owned_prefix(real), dir=real.parent))
    except OSError:
        pass
    _remove_stale_inside(real)
    try:
        return Path(tempfile.mkdtemp(prefix=f"{STAGING}{os.getpid()}-{host_tag()}-", dir=real))
    except OSError:
        raise OutputError(f"无法在输出目录“{outdir}”旁或其中建立临时文件夹：没有写入权限") from None


def _remove_stale_inside(outdir: Path) -> None:
    """The staging folders a killed run made *inside* OUTDIR (when its parent could not be written)."""
    try:
        entries = [e for e in outdir.iterdir() if e.name.startswith(STAGING)]
    except OSError:
        return
    for entry in entries:
        if entry.is_dir() and not entry.is_symlink() and _stale(entry, STAGING):
            shutil.rmtree(entry, ignore_errors=True)


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


def _check_removable(target: Path) -> None:
    """Every folder of *target* can be emptied, so that replacing it (``--force``) cannot fail half-way and leave
    the old folder aside; a located refusal before anything is moved otherwise."""
    count = 0
    for folder, subfolders, _files in os.walk(target, followlinks=False):
        count += 1 + len(subfolders)
        if not os.access(folder, os.W_OK | os.X_OK):
            raise OutputError(f"无法替换“{target}”：“{folder}”没有写入权限，其中的文件无法删除（原文件夹未改动）")
        if count > MAX_REPLACED_FOLDERS:
            raise OutputError(
                f"无法替换“{target}”：其中的文件夹超过 {MAX_REPLACED_FOLDERS:,} 个，不像一份输入（原文件夹未改动）"
            )


def folder_target(
    path: str | Path,
    what: str = "输出文件夹",
    replace: bool = True,
    force: bool = False,
    protect: tuple = (),
) -> Path:
    """The folder a command writes, checked before anything is written; its parent exists afterwards.

    One helper for every command that writes a folder (render's OUTDIR, and init, import-xlsx and rollover, which
    *replace* a whole folder): the path is taken as typed (absolute, the last name not resolved), so a symlink in
    its place is refused instead of written through (a dangling one would create folders at its target), a file is
    named as such, and a replaced folder is never the current folder or one of its parents, never a folder that
    holds one of *protect* (the input being read) nor one inside it. With *replace* and an existing non-empty
    folder, *force* is needed and every folder of it must be writable (see :func:`_check_removable`)."""
    text = str(path)
    if not text.strip():
        raise OutputError(f"{what}不能为空")
    target = Path(os.path.abspath(text))
    if os.path.islink(target):
        link = os.readlink(target)
        if replace or not os.path.isdir(target):
            state = "" if os.path.exists(target) else "，且指向的位置不存在"
            raise OutputError(
                f"{what}“{path}”是一个符号链接（指向“{link}”{state}），已拒绝；请给出一个真实的文件夹路径"
            )
    elif target.exists() and not target.is_dir():
        raise OutputError(f"{what}“{path}”是一个文件，不是文件夹；请换一个{what}")
    if replace:
        here = os.path.abspath(os.getcwd())
        if _within(here, target) or target.parent == target:
            raise OutputError(f"{what}“{path}”是当前目录或其上级目录，不能整体替换；请给出一个新的文件夹名")
        for other, label in protect:
            other = Path(os.path.realpath(other))
            real = Path(os.path.realpath(target))
            if real != other and _within(other, real):
                raise OutputError(f"{what}“{path}”包含{label}“{other}”，整体替换会删除它；请换一个文件夹")
            if real != other and _within(real, other):
                raise OutputError(f"{what}“{path}”位于{label}“{other}”之内，不能写在这里；请换一个文件夹")
        if target.is_dir():
            try:
                filled = any(target.iterdir())
            except OSError as exc:
                raise OutputError(f"无法读取{what}“{path}”：{os_reason(exc)}") from None
            if filled and not force:
                raise OutputError(f"{path} 已存在且不为空；加 --force 覆盖（整个文件夹被替换）")
            _check_removable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法建立{what}“{path}”的上级文件夹：{os_reason(exc)}") from None
    if replace and not os.access(target.parent, os.W_OK | os.X_OK):
        raise OutputError(f"无法写入“{target.parent}”：没有写入权限（{what}“{path}”建在其中）")
    return target


def _within(path: str | Path, folder: str | Path) -> bool:
    """*path* is *folder* or lies below it (plain paths, compared as given)."""
    path, folder = str(path), str(folder).rstrip(os.sep) or os.sep
    return path == folder or path.startswith(folder if folder == os.sep else folder + os.sep)


def file_target(path: str | Path, what: str = "输出文件") -> Path:
    """A file a command writes (export-xlsx ``-o``): not a folder, not a symlink, its parent made."""
    text = str(path)
    if not text.strip():
        raise OutputError(f"{what}不能为空")
    target = Path(os.path.abspath(text))
    if os.path.islink(target):
        raise OutputError(
            f"{what}“{path}”是一个符号链接（指向“{os.readlink(target)}”），已拒绝；请给出一个普通文件路径"
        )
    if target.is_dir():
        raise OutputError(f"{what}“{path}”是一个文件夹；请给出文件名，如 {Path(text) / '公开表.xlsx'}")
    if target.exists() and not target.is_file():
        raise OutputError(f"{what}“{path}”不是普通文件（设备或管道），已拒绝")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"无法建立{what}“{path}”的上级文件夹：{os_reason(exc)}") from None
    return target


def umask_mode(full: int) -> int:
    """*full* (0o777 for a folder, 0o666 for a file) as the user's umask allows it: what a folder or file made by
    the user's own tools gets (temporary files and folders are private, 0o700/0o600, until they take their place)."""
    mask = os.umask(0)
    os.umask(mask)
    return full & ~mask


@contextmanager
def staged_file(target: Path) -> Iterator[Path]:
    """Yield a staging file beside *target* (from :func:`file_target`); on success it replaces *target* by one
    rename; it is always removed otherwise (and by a later run when this one is killed)."""
    remove_stale(target.parent, target)
    try:
        fd, name = tempfile.mkstemp(prefix=_owned_prefix(target), suffix=target.suffix, dir=target.parent)
    except OSError as exc:
        raise OutputError(f"无法写入“{target.parent}”：{os_reason(exc)}") from None
    os.close(fd)
    tmp = Path(name)
    try:
        yield tmp
        try:
            os.chmod(tmp, umask_mode(0o666))
            os.replace(tmp, target)
        except OSError as exc:
            raise OutputError(f"无法写入“{target}”：{os_reason(exc)}（旧文件未改动）") from None
    except OSError as exc:
        raise OutputError(f"写出“{target}”失败：{os_reason(exc)}（旧文件未改动）") from None
    finally:
        tmp.unlink(missing_ok=True)


def staging_beside(target: Path) -> Path:
    """A fresh hidden folder beside the folder *target* (checked by :func:`folder_target`) for its replacement
    (see :func:`replace_folder`), named after *target*, this machine and this process, so that a later run on this
    machine removes it should this one be killed, and leaves every other folder's staging alone."""
    target = Path(os.path.abspath(target))
    remove_stale(target.parent, target)
    try:
        folder = Path(tempfile.mkdtemp(prefix=_owned_prefix(target), dir=target.parent))
        os.chmod(folder, umask_mode(0o777))  # the input folder it becomes is the user's, as mkdir would make it
        return folder
    except OSError as exc:
        raise OutputError(f"无法在“{target.parent}”中建立临时文件夹：{os_reason(exc)}") from None


def replace_folder(new: Path, target: Path) -> None:
    """Put the finished folder *new* in the place of *target* (an input folder that ``--force`` replaces): the old
    folder is renamed aside first (in the same parent: no permission on the folder itself is needed) and removed
    only once the new one is in place; if that fails, it is renamed back. Both renames stay on one file system
    (*new* is made beside *target*), so no moment leaves *target* missing that a failure could make permanent."""
    target = Path(os.path.abspath(target))
    aside = None
    if os.path.lexists(target):
        aside = target.parent / f"{_owned_prefix(target, OLD)}{secrets.token_hex(4)}"
        try:
            os.replace(target, aside)
        except OSError as exc:
            raise OutputError(f"无法替换“{target}”：{os_reason(exc)}（原文件夹未改动）") from None
    try:
        os.replace(new, target)
    except OSError as exc:
        if aside is not None:
            os.replace(aside, target)
        raise OutputError(f"无法写入“{target}”：{os_reason(exc)}（原文件夹未改动）") from None
    if aside is not None:
        shutil.rmtree(aside, ignore_errors=True)


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
    """Turn Ctrl-C into KeyboardInterrupt and SIGTERM (and SIGHUP) into :class:`interrupts.Terminated`, a
    KeyboardInterrupt too, never raised inside a finalizer (see :mod:`generator.interrupts`): ``finally`` blocks
    remove the staging folder, and a batch stops on SIGTERM exactly as on Ctrl-C."""
    interrupts.install()
    handlers = {
        signal.SIGINT: interrupts.raising(lambda signum: KeyboardInterrupt()),
        signal.SIGTERM: interrupts.raising(interrupts.Terminated),
    }
    if hasattr(signal, "SIGHUP"):
        handlers[signal.SIGHUP] = interrupts.raising(interrupts.Terminated)
    for sig, handler in handlers.items():
        if sig == signal.SIGINT and signal.getsignal(sig) is not signal.default_int_handler:
            continue  # Ctrl-C ignored by the caller (nohup, a batch worker): keep it so
        try:
            signal.signal(sig, handler)
        except ValueError:  # not the main thread
            pass
