"""The public roadmap and changelog: models, loading (Linear or snapshot), feeds, JSON.

``models`` (columns and changelog entries from a snapshot), ``load`` (Linear or the snapshot),
``feed`` and ``exports`` (Atom and JSON). The pages themselves are view models in
``kbgen.pages.roadmap_views`` shown by the theme's ``kbgen-roadmap.html`` and
``kbgen-changelog.html``. Import the module you need: the package imports nothing itself, so
``kbgen stale`` never pays for requests.
"""
