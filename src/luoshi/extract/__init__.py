"""Pure extraction of figures and targets from Chinese text, with character-span provenance."""
