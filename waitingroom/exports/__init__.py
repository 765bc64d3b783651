"""Exports for the programme team (DESIGN.md 1.3 and 2): aggregates, the raw anonymous
file, and the printable month summary of a unit.

Plain functions with an explicit session and typed errors; no Flask request globals,
except in downloads.py, which makes a file as a request asks for it (its language,
its audit detail, its download headers) for both the staff page and the API.
Small-number protection is applied here, before anything is written to a file.
"""
