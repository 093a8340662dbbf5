"""Pass: the document names no file or URL; a writer would otherwise try (or refuse) to fetch it.

In CSS (``<style>`` elements and any attribute, ``style`` among them): ``url(...)`` and ``@import``; on elements:
``src``/``href``/``data``/``srcset``/``poster`` that are not ``#anchors``. Text content is never looked at: text
that reads like a URL is printed as text.
"""

from __future__ import annotations

import re

from ..errors import RenderError

_CSS_REF = re.compile(
    r"""url\(\s*(?:"(?!#)([^"]*)"|'(?!#)([^']*)'|(?![#"'])([^)\s]*))"""
    r"""|@import\s+(?:url\()?\s*['"]?([^'");\s]+)""",
    re.IGNORECASE,
)
REF_ATTRS = ("src", "href", "data", "srcset", "poster")
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})[ \t\n\r\f]?|(.))", re.DOTALL)


def css_unescape(text: str) -> str:
    """*text* with CSS escapes decoded (``\\69`` → ``i``, ``\\(`` → ``(``), as WeasyPrint decodes them before it
    fetches: ``@\\69mport`` and ``u\\72l(`` are an import and a url (HTML entities are decoded by the parser)."""

    def char(m: re.Match) -> str:
        if m.group(1):
            code = int(m.group(1), 16)
            return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
        return m.group(2)

    return _CSS_ESCAPE.sub(char, text) if "\\" in text else text


def _refuse(ref: str, context: str) -> None:
    raise RenderError(
        f"模板引用了外部资源“{ref}”（文件或网址），已拒绝；报告只能使用模板目录内的文字和样式。"
        f"出现在：…{context.replace(chr(10), ' ')}…"
    )


def _css(text: str) -> None:
    text = css_unescape(text)
    if "(" not in text and "@" not in text:
        return  # neither url( nor @import: most attribute values (classes, ids, spans)
    m = _CSS_REF.search(text)
    if m:
        ref = next(g for g in m.groups() if g is not None)
        _refuse(ref, text[max(0, m.start() - 30) : m.end() + 10])


def check_self_contained(document) -> None:
    for el in document.root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.tag == "style":
            _css(el.text or "")
        for name, value in el.attrib.items():
            if name.lower() in REF_ATTRS and not value.startswith("#"):
                _refuse(value, f'<{el.tag} {name}="{value}"')
            _css(value)
