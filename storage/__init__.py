"""Audio storage over fsspec (local directory or S3) and signed playback URLs."""
