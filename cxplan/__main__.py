"""Run the command line with `python -m cxplan`."""

from cxplan.cli import main

main()
