"""What pages and exports show: view models, the feedback link, robots.txt, articles.json.

Plain data computed here, so templates hold no logic; nothing here imports mkdocs.
"""
