"""``python -m carenet``: the command line (same as the ``carenet`` script)."""

from carenet.cli import main

main()
