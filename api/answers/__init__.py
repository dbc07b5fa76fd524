"""Answer uploads, their audio and their processing state."""
