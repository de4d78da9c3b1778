"""Use cases, each with its transaction, shared by the CLI and the web app."""
