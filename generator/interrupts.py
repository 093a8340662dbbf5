"""Signal handlers that raise (Ctrl-C, SIGTERM), but never inside a finalizer.

Python runs a signal handler between any two bytecodes, also inside an object's ``__del__`` (WeasyPrint's
``FontConfiguration`` has one). An exception raised there cannot propagate: Python prints "Exception ignored in …"
with a traceback and carries on, so the run neither stops nor stays quiet. A handler made with :func:`raising`
therefore does not raise while a ``__del__`` is on the stack: it sends the signal again a moment later, when the
finalizer has returned. Should an exception from such a handler still end up ignored (a finalizer without a
``__del__`` frame, e.g. a weakref callback), :func:`install` 's hook re-arms the handler and sends the signal again
instead of printing a traceback.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
from collections.abc import Callable
from types import FrameType

RETRY_SECONDS = 0.05

_last: dict[str, object] = {}  # the signal and handler that raised last, for the unraisable hook


class Terminated(KeyboardInterrupt):
    """SIGTERM or SIGHUP, handled like Ctrl-C (whatever stops on Ctrl-C stops on it too), exit code 128 + signal."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum
        self.exit_code = 128 + signum


def _in_finalizer(frame: FrameType | None) -> bool:
    while frame is not None:
        if frame.f_code.co_name == "__del__":
            return True
        frame = frame.f_back
    return False


def _again(signum: int, handler: Callable) -> None:
    """Deliver *signum* to this process again soon, handled by *handler*."""
    try:
        signal.signal(signum, handler)
    except ValueError:  # not the main thread: nothing to re-arm
        return
    timer = threading.Timer(RETRY_SECONDS, os.kill, (os.getpid(), signum))
    timer.daemon = True
    timer.start()


def raising(make: Callable[[int], BaseException], once: bool = False) -> Callable:
    """A signal handler raising ``make(signum)``, deferred while a finalizer runs.

    *once*: later deliveries of the same signal are ignored once it has raised (the clean-up that follows is not
    interrupted)."""

    def handler(signum: int, frame: FrameType | None) -> None:
        if _in_finalizer(frame):
            _again(signum, handler)
            return
        if once:
            signal.signal(signum, signal.SIG_IGN)
        _last.update(signum=signum, handler=handler)
        raise make(signum)

    return handler


def _hook(unraisable) -> None:
    exc_type = unraisable.exc_type
    if issubclass(exc_type, (KeyboardInterrupt, SystemExit)) and _last:
        _again(_last["signum"], _last["handler"])  # type: ignore[arg-type]
        return
    sys.__unraisablehook__(unraisable)


def install() -> None:
    """Route exceptions swallowed in finalizers through the hook above (idempotent)."""
    sys.unraisablehook = _hook
