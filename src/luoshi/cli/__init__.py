"""The ``luoshi`` command line: thin Typer commands over the service layer."""
