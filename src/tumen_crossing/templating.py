"""Jinja2 with autoescaping for every piece of HTML we write, and JSON made safe for HTML once.

Why: markup built by string concatenation needs an escape call at every interpolation, and one
forgotten call is an injection. Templates escape by default (as folium's do); the only way to
put raw markup on a page is `|safe` on something another template already rendered.
"""

from __future__ import annotations

import json
from functools import cache

import jinja2
from markupsafe import Markup


def html_json(data: object) -> Markup:
    """JSON that is safe inside <script> or an attribute: no '<', '>', '&' or quote survives."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(char, code)
    return Markup(text)


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tumen_crossing", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["html_json"] = html_json
    return env


def render(template: str, **context: object) -> str:
    """Render a package template (``templates/<template>``) with autoescaping."""
    return environment().get_template(template).render(**context)
