"""Questions asked of a stored corpus: coded events and actor counts (search, KWIC and trends come later)."""
