"""Interview sessions: creation, lifecycle, questions and status."""
