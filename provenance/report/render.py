"""Phase two of the build: turn pages into bytes with the one Jinja environment."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment

from ..resources import resource_dir
from . import paths
from .pages import Page

# Copied as they are: the one stylesheet and the one script.
STATIC_FILES = (paths.STYLESHEET, paths.SCRIPT)


def render_page(env: Environment, page: Page, common: dict[str, Any]) -> bytes:
    """One page as UTF-8 bytes; the template sees the page's own path for its relative links."""
    html = env.get_template(page.template).render(**common, **page.context, page_path=page.path)
    return html.encode("utf-8")


def static_file(name: str) -> bytes:
    return (resource_dir("templates") / name).read_bytes()
