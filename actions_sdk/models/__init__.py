"""Neutral models (binding references, open enums) and the vendor models' compatibility paths."""
