"""The factories' and providers' keyword lists, shared as TypedDicts, behave as explicit ones."""

from __future__ import annotations

import re

import httpx
import pytest

from actions_sdk import AsyncManagementClient, ManagementClient
from actions_sdk.client import DEFAULT_TIMEOUT, Auth0Options, HttpOptions, ZitadelOptions
from actions_sdk.providers._credentials import Auth0Credentials, ZitadelCredentials
from actions_sdk.providers.auth0.provider import Auth0Provider
from actions_sdk.providers.zitadel.v1 import ZitadelProvider


@pytest.mark.parametrize("client_class", [ManagementClient, AsyncManagementClient])
@pytest.mark.parametrize("factory", ["for_auth0", "for_zitadel"])
def test_an_unknown_factory_keyword_is_refused_as_python_would(
    client_class: type[ManagementClient], factory: str
) -> None:
    build = getattr(client_class, factory)
    message = re.escape(f"{factory}() got an unexpected keyword argument 'tokne'")
    with pytest.raises(TypeError, match=message):
        build("x.example", tokne="t")


@pytest.mark.parametrize("provider_class", [Auth0Provider, ZitadelProvider])
def test_an_unknown_provider_keyword_is_refused(provider_class: type) -> None:
    message = re.escape(f"{provider_class.__name__}() got an unexpected keyword argument 'secret'")
    with pytest.raises(TypeError, match=message):
        provider_class("x.example", token="t", secret="s")


def test_the_option_dicts_are_the_credentials_plus_the_client_settings() -> None:
    http = HttpOptions.__optional_keys__
    assert Auth0Options.__optional_keys__ == Auth0Credentials.__optional_keys__ | http
    assert ZitadelOptions.__optional_keys__ == (
        ZitadelCredentials.__optional_keys__ | http | {"allow_insecure_http"}
    )


def test_settings_not_given_take_their_defaults_and_given_ones_arrive() -> None:
    plain = ManagementClient.for_auth0("x.example", token="t")
    assert plain._timeout == DEFAULT_TIMEOUT
    assert plain._policy.max_retries == 2
    assert plain.request_budget is None
    with httpx.Client() as http:
        tuned = ManagementClient.for_zitadel(
            "x.example", token="t", http_client=http, timeout=4, max_retries=0, org_id="o1"
        )
        assert tuned._timeout == httpx.Timeout(4)
        assert tuned._policy.max_retries == 0
        assert tuned._state.http is http
        assert tuned._provider.org_id == "o1"  # the credentials went to the provider
