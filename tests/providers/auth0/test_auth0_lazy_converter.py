"""The Auth0 converter (and cattrs) is built by the first decode, not by building a client."""

from __future__ import annotations

import subprocess
import sys

import pytest

from actions_sdk.providers.auth0 import provider


def test_a_client_is_built_without_cattrs_and_the_first_decode_imports_it():
    code = """
import sys, httpx
from actions_sdk import ManagementClient
answer = httpx.Response(200, json={"id": "a1", "name": "n", "supported_triggers": []})
http = httpx.Client(transport=httpx.MockTransport(lambda request: answer))
client = ManagementClient.for_auth0("tenant.example", token="t", http_client=http)
client.actions
print("cattrs" in sys.modules)
print(client.actions.get("a1").name)
print("cattrs" in sys.modules)
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "n", "True"]


def test_auth0_converter_is_the_one_converter_the_provider_uses():
    assert provider.AUTH0_CONVERTER is provider._converter()
    assert provider.AUTH0_CONVERTER is provider.AUTH0_CONVERTER


def test_other_missing_names_still_raise_attribute_error():
    with pytest.raises(AttributeError, match="NO_SUCH_NAME"):
        _ = provider.NO_SUCH_NAME
