"""Authentication: tokens, sessions, passwords and the auth endpoints."""
