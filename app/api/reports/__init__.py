"""Measures, the leader's board, run charts and exports (CSV, FHIR, printable summary)."""
