"""The pure core: URL policy and URLs, the session state machine, opening hours and the
schedule, dates, translations, signatures, PIN hashes; no widgets, no network."""
