"""The static HTML report: `build_report(store, out)` writes a site that opens from `file://`.

The build has two phases (as pelican's): `load` reads the whole store in a fixed
number of queries into the view models of `views`, and `pages` computes every
page's context and cross-links; then `render` turns them into bytes with the one
Jinja environment of `html`, and `write` puts them in place atomically.
"""

from __future__ import annotations

from .build import BuildSummary, build_report

__all__ = ["BuildSummary", "build_report"]
