"""User profiles, settings and passwords."""
