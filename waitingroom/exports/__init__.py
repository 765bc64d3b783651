"""Exports for the programme team (DESIGN.md 1.3 and 2): aggregates, the raw anonymous
file, and the printable month summary of a unit.

Plain functions with an explicit session and typed errors; no Flask request globals.
Small-number protection is applied here, before anything is written to a file.
"""
