"""The pipeline's engines: speech to text, delivery/content/voice metrics, the scorers and the
rules that build a result. Plain functions over plain data: no database, broker or Redis."""
