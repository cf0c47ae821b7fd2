"""Validation rules: the checks generated from each Table Schema (validation/model.py), plus the
rules a Table Schema cannot express (cross-table keys, dates, geography, country codes)."""
