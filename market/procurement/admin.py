"""Operators' pages for public procurement. Every change goes through the services (market/procurement/services)."""
