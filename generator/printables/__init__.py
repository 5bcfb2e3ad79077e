"""What trainers print: PDFs of the charter and the training modules, and their bundles."""
