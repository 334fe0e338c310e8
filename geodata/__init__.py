"""The content of Tumen Crossing, shipped as package data: see README.md here."""
