"""Printing for services that may print, and the county forms screen (issue 32)."""
