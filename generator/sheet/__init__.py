"""The charter as a workshop spreadsheet: export it for a co-building session, import the
result back into charter.yml without losing a comment.

columns.py declares the workbook (sheets, columns, words, limits) once; export.py writes it;
read.py reads a returned workbook into positioned rows; apply.py applies them to charter.yml;
command.py is the `handbook sheet` command group.
"""
