"""The ingest pipeline: one response in, stored once, counted once."""
