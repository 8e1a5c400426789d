"""Small helpers every layer uses: atomic files, the HTTP client, the worker thread, logging."""
