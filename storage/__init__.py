"""Audio storage over fsspec (local directory or S3)."""
