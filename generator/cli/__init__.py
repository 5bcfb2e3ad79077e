"""The command line: parse arguments, print, choose exit codes; nothing else."""
from .main import cli, main

__all__ = ["cli", "main"]
