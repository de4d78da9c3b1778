"""luoshi (落实): software that runs a Chinese development plan.

Layers, top to bottom (each imports only from below; enforced by import-linter):
``cli | web`` -> ``services`` -> ``report`` -> ``storage | ingest`` -> ``engine | extract`` -> ``domain``.
"""

__version__ = "0.1.0"
