"""What any text from outside must be before it goes near the database."""

from __future__ import annotations


def storable(value) -> bool:
    """Text a database can store and compare: no lone UTF-16 surrogates, no NUL
    characters (PostgreSQL refuses both), in strings, lists and objects alike."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
        return "\x00" not in value
    if isinstance(value, list):
        return all(storable(item) for item in value)
    if isinstance(value, dict):
        return all(storable(key) and storable(item) for key, item in value.items())
    return True
