"""The MkDocs + Material adapter: the only part of kbgen that imports mkdocs."""
