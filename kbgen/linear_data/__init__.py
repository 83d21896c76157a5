"""The files a Linear pull records: the public snapshot, the link data and the roadmap history.

``kbgen.linear`` (the pull) writes them; ``kbgen.review``, ``kbgen.roadmap`` and the build read
them. Also here: what a recorded item is (``items.py``) and the text rules every recorded
value passes on the way in and again on the way out (``sanitize.py``, ``urls.py``).
"""
