"""Routes by area; each page has a JSON twin under /api built from the same view function."""
