"""Evaluation and query-adapter training over our question sets: they import the runtime, never the reverse."""
