"""One language's handbook site: plan, typed facts, pages, the MkDocs project, search."""
