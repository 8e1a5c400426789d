"""Lockdown: in-app key table and filter, OS-level key hooks."""
