"""Reports written from the plan's figures (narrative summaries, sheets, documents)."""
