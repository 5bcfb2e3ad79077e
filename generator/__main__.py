"""`python -m generator` is the same program as `handbook`."""

from .cli.main import main

main()
