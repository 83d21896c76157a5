"""The stale-article report: which articles owners owe a review, and how to show it.

``scan`` reads the articles (in parallel for large inputs), ``model`` builds the report and
the CI gate, ``render`` turns it into a table, Markdown, JSON or CSV.
"""
