"""Flows: definitions, published versions and answer validation."""
