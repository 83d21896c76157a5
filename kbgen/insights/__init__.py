"""Reader insights from exported site events: content gaps, per-article resolution.

``events`` reads JSON Lines or CSV exports, ``pages`` maps pages back to source files,
``report`` counts them and ``render`` writes a table, Markdown, JSON or CSV. Import the
module you need: the package imports nothing itself.
"""
