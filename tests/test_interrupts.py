"""Ctrl-C and SIGTERM landing inside a finalizer still stop the run, without "Exception ignored … Traceback"."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

PROLOGUE = """
import os, signal, time, weakref
from generator import interrupts
interrupts.install()
signal.signal(signal.SIGINT, interrupts.raising(lambda s: KeyboardInterrupt(), once=True))

def busy():
    os.kill(os.getpid(), signal.SIGINT)
    for _ in range(100000):  # the handler runs here, inside the finalizer
        pass
"""


def _run(body: str) -> subprocess.CompletedProcess:
    code = PROLOGUE + textwrap.dedent(body)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=30)


def test_signal_inside_del_is_raised_after_it():
    res = _run(
        """
        class Font:
            def __del__(self):
                busy()
        try:
            Font()
            time.sleep(5)
            print("not interrupted")
        except KeyboardInterrupt:
            print("interrupted")
        """
    )
    assert res.stdout.strip() == "interrupted" and res.stderr == ""


def test_signal_inside_a_weakref_callback_is_raised_after_it():
    res = _run(
        """
        class Thing:
            pass
        t = Thing()
        weakref.finalize(t, busy)
        try:
            del t
            time.sleep(5)
            print("not interrupted")
        except KeyboardInterrupt:
            print("interrupted")
        """
    )
    assert res.stdout.strip() == "interrupted" and res.stderr == ""
