"""Helpers for the *receiving* side of actions: code that runs where a vendor calls you.

:mod:`actions_sdk.webhooks.zitadel` — verify, parse and answer what ZITADEL v2 Actions post to
a target. Nothing is imported here: each vendor's module is imported on its own.
"""
