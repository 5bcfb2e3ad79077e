"""The charter's history: its version code (fingerprint), earlier versions, semantic diffs."""
