"""Run the command line as ``python -m communique``."""

from communique.cli import main

main()
