"""Validation rules: a pandera model generated from each Table Schema, plus the rules a Table
Schema cannot express (cross-table keys, dates, geography, country codes)."""
