"""Sync API: push the device's outbox, pull what changed (protocol in docs/sync.md)."""
