"""The Dramatiq pipeline: broker, stage actors and the engines they call."""
