"""The processing pipeline: stages declared in `stages`, run by Dramatiq actors, feeding the
engines in `engines`. The API uses `interface` only."""
