"""Articles and the content folder: reading, validating, selecting, scaffolding, editing.

Plain modules: nothing here imports mkdocs or click.
"""
