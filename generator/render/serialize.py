"""The document tree back to HTML text, written as the templates wrote it.

lxml writes the tree as the template output was, except for quotes: Jinja's autoescape (markupsafe) writes ``"`` and
``'`` as ``&#34;`` and ``&#39;`` in text and attribute values, lxml writes them bare in text and ``&quot;`` in
attributes. Both mean the same; the quotes are put back as Jinja wrote them so that the written HTML (and the golden
files) do not change with the parse. ``<style>`` content is raw text and left as it is.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from ..errors import RenderError

DOCTYPE = "<!DOCTYPE html>"

_STYLE = re.compile(r"(<style\b[^>]*>.*?</style>)", re.S | re.I)
_QUOTED_TEXT = re.compile(r">([^<]*['\"][^<]*)<")
_QUOTED_TAG = re.compile(r"<[A-Za-z][^<>]*(?:&quot;|')[^<>]*>")


def _text(m: re.Match) -> str:
    return ">" + m.group(1).replace('"', "&#34;").replace("'", "&#39;") + "<"


def _tag(m: re.Match) -> str:
    return m.group(0).replace("&quot;", "&#34;").replace("'", "&#39;")


def _requote(part: str) -> str:
    if "'" not in part and '"' not in part:
        return part
    return _QUOTED_TAG.sub(_tag, _QUOTED_TEXT.sub(_text, part))


def to_html(root) -> str:
    """The whole document (``<html>`` element *root*) as HTML text with its doctype."""
    text = lxml.html.tostring(root, encoding="unicode", doctype=DOCTYPE)
    parts = _STYLE.split(text)  # odd items are <style> elements
    return "".join(part if i % 2 else _requote(part) for i, part in enumerate(parts))


_PARSER = etree.HTMLParser()


def parse(html: str):
    """The ``<html>`` element of *html* (lxml's HTML parser). Plain lxml elements, not lxml.html's HtmlElement:
    the writers walk every element, and HtmlElement's Python class lookup made that a third slower."""
    root = etree.fromstring(html, _PARSER)
    if root is None:
        raise RenderError("模板没有输出任何 HTML")
    return root
