"""Readable results: terminal tables and self-contained plotly HTML reports."""
