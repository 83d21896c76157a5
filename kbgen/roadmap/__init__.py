"""The public roadmap and changelog: models, loading (Linear or snapshot), HTML, feed, JSON.

``models`` (columns and changelog entries from a snapshot), ``load`` (Linear or the snapshot),
``render`` (page HTML), ``feed`` and ``exports`` (Atom and JSON). Import the module you need:
the package imports nothing itself, so ``kbgen stale`` never pays for jinja2 or requests.
"""
