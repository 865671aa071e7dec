"""The workbench: the store curated in a browser, through the same library calls as the CLI.

A Starlette app (``provenance serve``) over :class:`provenance.store.Store`: read a document,
select a passage and log the claim, review proposed contradictions. Every action is a plain form
post (the script only adds selection-to-claim), every write one library call (one transaction),
every page rendered by the report's autoescaping Jinja environment.
"""
