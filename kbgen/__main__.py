"""``python -m kbgen``: the same CLI as the ``kbgen`` command."""

from kbgen.cli import main

main()
