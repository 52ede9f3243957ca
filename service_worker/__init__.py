"""Service-worker source files; packaged so the installed app can serve them (see app/pwa.py)."""
