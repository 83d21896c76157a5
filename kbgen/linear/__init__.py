"""Linear integration: settings, API client, queries, what may be published, snapshots.

Nothing here imports mkdocs or click; the roadmap package and the CLI wire it together.
"""

LOGGER_NAME = "mkdocs.plugins.kbgen.linear"
"""Logger for Linear messages; under ``mkdocs.`` so ``--strict`` counts its warnings."""
