"""Freshness: review status, the stale report model, its scan and its renderers.

``scan`` reads the articles (in parallel for large inputs), ``report`` builds the report and
the CI gate, ``render`` turns it into a table, Markdown, JSON or CSV.
"""
