"""Search data, built with the site: vocabulary, typo dictionary, synonyms, word and page
vectors (wordllama, build time only), and one ranking shared by the browser and Python.

Plain Python: no MkDocs, no click. The adapter (``kbgen.mkdocs.search_index``) hands it
plain ``SearchDoc`` values; ``kbgen.search.query`` searches a built site's data.
"""
