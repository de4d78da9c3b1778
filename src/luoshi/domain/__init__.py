"""The pure domain model of a development plan: stdlib only, frozen typed values."""
