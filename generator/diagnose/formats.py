"""The formats of `handbook check`'s report (diagnose/report.py writes them): a constant of its
own, so that the command line offers the choice without importing the checks."""

FORMATS = ("text", "json", "github")
