"""Release formats: one module per format behind `base.Exporter`, listed in `base.EXPORTERS`.

Importing this package imports nothing heavy; each exporter imports its libraries when it writes.
"""
