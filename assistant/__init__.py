"""Reads the index to retrieve passages, answer with citations and draft emails."""
