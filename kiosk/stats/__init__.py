"""Anonymous usage statistics."""
