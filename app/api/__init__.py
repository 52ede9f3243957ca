"""The JSON API under /api/v1: one package per resource, registered here."""
