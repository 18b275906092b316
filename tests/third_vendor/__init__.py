"""A test-only third vendor ("widgetco"): proof that the core needs nothing vendor-specific.

It lives entirely under ``tests/``: its models, its converter, its provider (``get`` and ``list``
of actions, nothing else) and a tiny in-memory emulator behind ``httpx.MockTransport``. If the
neutral core ever grows a dependency on Auth0 or ZITADEL, the tests in this package fail.
"""
