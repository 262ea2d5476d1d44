"""Routers of the dashboard: pages (HTML) and the JSON API."""
