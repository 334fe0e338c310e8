"""Leaflet and its plugins, vendored (MANIFEST.json), shipped as package data."""
