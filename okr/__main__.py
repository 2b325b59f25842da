"""Allow `python -m okr`."""

from okr.cli import main

main()
