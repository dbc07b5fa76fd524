"""Admin-only views: users, analytics, bank additions."""
