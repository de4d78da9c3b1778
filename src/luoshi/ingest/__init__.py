"""Reading inputs into domain objects: plan files (YAML), sheets, Chinese documents."""
