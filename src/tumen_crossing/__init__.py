"""Tumen Crossing: sourced content, validation and map building for the Tumen crossings."""
