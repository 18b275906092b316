"""The namespaces reachable from a client (``client.actions`` and below)."""
