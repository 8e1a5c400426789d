"""Prometheus metrics of one kiosk: the registry (names as a contract), the collectors
read at scrape time, and the exporter (HTTP(S) endpoint or node_exporter textfile)."""
