"""The Jinja sandbox that templates and phrases run in, with the bounds the stock sandbox leaves open.

Jinja's sandbox bounds ``range`` (100,000) and blocks unsafe attributes, but ``"x" * 10**9``, ``[1] * 10**8`` and
``9 ** 9 ** 9`` run to exhaustion. These operators are intercepted here: a repeated string or list is at most
:attr:`LimitedSandbox.max_repeat` items, an exponent at most :data:`MAX_EXPONENT`, and no integer product or power
grows beyond :data:`MAX_INT_BITS` bits (``(10**64)**64`` chained would otherwise still take minutes). Intercepted
operators are also never folded at compile time, so the bounds hold for constant expressions too.
"""

from __future__ import annotations

from jinja2.sandbox import SandboxedEnvironment, SecurityError

MAX_REPEAT = 1_000_000  # "x" * n and [..] * n in a template
MAX_EXPONENT = 64
MAX_INT_BITS = 100_000  # about 30,000 decimal digits


class LimitedSandbox(SandboxedEnvironment):
    """The Jinja sandbox plus bounds on repetition, powers and integer size."""

    intercepted_binops = frozenset(["*", "**"])
    max_repeat = MAX_REPEAT
    what = "模板"

    def call_binop(self, context, operator, left, right):
        if operator == "**":
            if isinstance(right, int) and abs(right) > MAX_EXPONENT:
                raise SecurityError(f"{self.what}中的乘方指数过大（上限 {MAX_EXPONENT}）")
            if isinstance(left, int) and isinstance(right, int) and abs(left).bit_length() * abs(right) > MAX_INT_BITS:
                raise SecurityError(f"{self.what}中的乘方结果过大")
        if operator == "*":
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > self.max_repeat:
                    raise SecurityError(f"{self.what}中的重复结果过长（上限 {self.max_repeat:,}）")
            if (
                isinstance(left, int)
                and isinstance(right, int)
                and abs(left).bit_length() + abs(right).bit_length() > MAX_INT_BITS
            ):
                raise SecurityError(f"{self.what}中的乘积过大")
        return super().call_binop(context, operator, left, right)
