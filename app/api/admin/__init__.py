"""Administration: users and invites, passkeys, devices, sessions, per-patient audit."""
