"""The Jinja environments of the pages in templates/, created once per process.

Two environments: the report page's (``page.html.j2``), which escapes each value itself
with ``| e`` and takes the notebook's HTML as is, and the autoescaping one of the index
and the sweep comparison pages, where only values marked safe (charts) are not escaped.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


def wrap_underscores(text: Any) -> Any:
    """Escape ``text`` and let a long snake_case name wrap after each underscore."""
    from markupsafe import Markup, escape

    return escape(text).replace("_", Markup("_<wbr>"))


def css_string(text: Any) -> str:
    """``text`` for the inside of a double-quoted CSS string in a ``<style>`` element:
    quotes, backslashes, line breaks and ``<>&`` as CSS escapes (``\\22 `` for ``"``)."""
    return "".join(
        f"\\{ord(c):x} " if c in '"\\<>&' or ord(c) < 0x20 or ord(c) == 0x7F else c
        for c in str(text)
    )


@cache
def environment(autoescape: bool = True) -> Any:
    """The jinja2.Environment over templates/ (autoescaping unless told otherwise)."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=autoescape,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined if autoescape else jinja2.Undefined,
    )
    env.filters["wrap_underscores"] = wrap_underscores
    env.filters["css_string"] = css_string
    return env


def render(template: str, **context: Any) -> str:
    """Render one autoescaping template of templates/ with ``context``."""
    return str(environment(True).get_template(template).render(**context))


def stylesheet(name: str) -> str:
    """The text of a stylesheet in templates/, to inline in a page (pages load nothing)."""
    return (TEMPLATE_DIR / name).read_text(encoding="utf-8")
