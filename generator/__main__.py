"""`python -m generator` is the same program as `handbook`."""

from .cli import main

main()
