"""Typed models of both vendors' resources."""
