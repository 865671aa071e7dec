"""Bundles: the human-readable YAML form of a store (outlets, documents and their texts,
claims, citations, assertions, entities, relations), in the format of ``provenance-bundle/1``.

    from provenance import Store
    from provenance.bundle import export_bundle, import_bundle, load_bundle

    bundle = load_bundle("seeds/")            # validate everything first; BundleErrors lists all problems
    with Store(url).write() as session:       # one transaction
        summary = import_bundle(session, bundle)
    with Store(url).read() as session:        # one consistent snapshot
        export_bundle(session, "out/")

Stages, one module each: ``yamlsafe`` (safe YAML with line numbers), ``fields`` and
``validate`` (records), ``links`` (references and anchoring), ``importer``,
``snapshot`` (the store read as records), ``exporter`` and ``emit`` (canonical YAML).
"""

from __future__ import annotations

from .exporter import ExportSummary, export_bundle
from .importer import ImportSummary, import_bundle
from .schema import FORMAT, Bundle
from .validate import load_bundle

__all__ = [
    "FORMAT",
    "Bundle",
    "ExportSummary",
    "ImportSummary",
    "export_bundle",
    "import_bundle",
    "load_bundle",
]
