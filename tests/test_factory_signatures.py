"""The factories and providers show their keywords: an explicit signature, true to the code."""

from __future__ import annotations

import asyncio
import inspect
import pydoc
from typing import Any, TypedDict

import httpx
import pytest

from actions_sdk import AsyncManagementClient, ManagementClient
from actions_sdk._keywords import KEYWORD_DEFAULTS, keyword_signature
from actions_sdk.client import DEFAULT_TIMEOUT, Auth0Options, ZitadelOptions
from actions_sdk.providers._credentials import Auth0Credentials, ZitadelCredentials
from actions_sdk.providers.auth0.provider import Auth0Provider
from actions_sdk.providers.zitadel.v1 import ZitadelProvider
from actions_sdk.testing import Auth0Emulator
from tests.signature_helpers import load_reference

CLIENTS = [(ManagementClient, "httpx.Client"), (AsyncManagementClient, "httpx.AsyncClient")]


def keywords(function: Any) -> dict[str, inspect.Parameter]:
    return {
        name: parameter
        for name, parameter in inspect.signature(function).parameters.items()
        if name != "domain"
    }


@pytest.mark.parametrize(("client_class", "http_type"), CLIENTS)
@pytest.mark.parametrize(
    ("factory", "options", "own"),
    [("for_auth0", Auth0Options, []), ("for_zitadel", ZitadelOptions, ["api"])],
)
def test_a_factory_signature_lists_every_keyword_with_default_and_annotation(
    client_class: type[ManagementClient],
    http_type: str,
    factory: str,
    options: type,
    own: list[str],
) -> None:
    function = getattr(client_class, factory)
    parameters = keywords(function)
    assert list(parameters) == [*own, *options.__annotations__]
    for name, parameter in parameters.items():
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert parameter.annotation is not inspect.Parameter.empty, name
        expected = "v1" if name == "api" else KEYWORD_DEFAULTS[name]
        assert parameter.default == expected, name
    assert parameters["http_client"].annotation == f"{http_type} | None"
    assert parameters["timeout"].default == DEFAULT_TIMEOUT
    assert "domain" in inspect.signature(function).parameters
    # The function itself still receives **options (and refuses unknown keywords at run time).
    assert function.__code__.co_flags & inspect.CO_VARKEYWORDS


@pytest.mark.parametrize("client_class", [ManagementClient, AsyncManagementClient])
def test_help_shows_the_keywords_and_their_defaults(client_class: type[ManagementClient]) -> None:
    text = pydoc.render_doc(client_class.for_auth0, renderer=pydoc.plaintext)
    assert "client_assertion_signing_alg: 'str' = 'RS256'" in text
    assert "timeout: 'float | httpx.Timeout' = Timeout(connect=10.0, read=30.0" in text
    assert "**options" not in text.splitlines()[2]
    zitadel = pydoc.render_doc(client_class.for_zitadel, renderer=pydoc.plaintext)
    assert "api: \"Literal['v1', 'v2']\" = 'v1'" in zitadel
    assert "allow_insecure_http: 'bool' = False" in zitadel


@pytest.mark.parametrize(
    ("provider_class", "credentials"),
    [(Auth0Provider, Auth0Credentials), (ZitadelProvider, ZitadelCredentials)],
)
def test_a_provider_constructor_lists_its_credential_keywords(
    provider_class: type, credentials: type
) -> None:
    parameters = keywords(provider_class)
    for name in credentials.__annotations__:
        assert parameters[name].kind is inspect.Parameter.KEYWORD_ONLY
        assert parameters[name].default == KEYWORD_DEFAULTS[name]
    assert "self" not in parameters


def observable(client: ManagementClient[Any, Any, Any]) -> tuple[object, ...]:
    """What a client does with its settings (the signing key object compares by identity)."""
    provider = {k: v for k, v in vars(client._provider).items() if k != "_signing_key"}
    return (
        client.base_url,
        client._timeout,
        client._policy,
        client._headers,
        client.request_budget,
        client._state.owns_http,
        client._state.http_defaults,
        provider,
    )


@pytest.fixture(scope="module")
def signing_key() -> str:
    return Auth0Emulator().generate_client_key()


@pytest.mark.parametrize("client_class", [ManagementClient, AsyncManagementClient])
def test_every_auth0_default_in_the_signature_is_what_omitting_the_keyword_does(
    client_class: type[ManagementClient], signing_key: str
) -> None:
    # A signing key as the credential, so client_assertion_signing_alg's default matters too.
    base: dict[str, Any] = {"client_id": "cid", "client_assertion_signing_key": signing_key}
    omitted = client_class.for_auth0("x.example", **base)
    assert omitted._provider._signing_alg == "RS256"
    for name, parameter in keywords(client_class.for_auth0).items():
        if name in base:
            continue
        given = client_class.for_auth0("x.example", **base, **{name: parameter.default})
        assert observable(given) == observable(omitted), name


@pytest.mark.parametrize("client_class", [ManagementClient, AsyncManagementClient])
def test_every_zitadel_default_in_the_signature_is_what_omitting_the_keyword_does(
    client_class: type[ManagementClient],
) -> None:
    omitted = client_class.for_zitadel("x.example", token="t")
    for name, parameter in keywords(client_class.for_zitadel).items():
        if name == "token":
            continue
        given = client_class.for_zitadel("x.example", token="t", **{name: parameter.default})
        assert observable(given) == observable(omitted), name
    # allow_insecure_http's default is the refusal of plain http to a host that is not loopback.
    default = keywords(client_class.for_zitadel)["allow_insecure_http"].default
    with pytest.raises(Exception, match="allow_insecure_http=True"):
        client_class.for_zitadel("http://zitadel:8080", token="t", allow_insecure_http=default)


def test_no_timeout_given_is_the_timeout_the_signature_shows() -> None:
    client = ManagementClient.for_auth0("x.example", token="t")
    assert client._timeout == keywords(ManagementClient.for_auth0)["timeout"].default
    assert isinstance(client._timeout, httpx.Timeout)


def test_a_keyword_without_a_default_in_the_table_is_refused_at_definition() -> None:
    class Odd(TypedDict, total=False):
        token: str | None
        colour: str

    with pytest.raises(TypeError, match=r"Odd: no default in KEYWORD_DEFAULTS for \['colour'\]"):
        keyword_signature(Odd)


@pytest.mark.parametrize(
    ("module", "client_class"),
    [
        ("actions_sdk._client", ManagementClient),
        ("actions_sdk._async._client", AsyncManagementClient),
    ],
)
def test_the_docs_reference_renders_the_keywords_and_their_defaults(
    module: str, client_class: type[ManagementClient]
) -> None:
    import griffe

    loaded = load_reference(module)
    for factory in ("for_auth0", "for_zitadel"):
        rendered = loaded[f"{client_class.__name__}.{factory}"].parameters
        shown = [(p.name, p.default, str(p.annotation)) for p in rendered if p.name != "domain"]
        runtime = keywords(getattr(client_class, factory)).values()
        assert shown == [(p.name, repr(p.default), p.annotation) for p in runtime], factory
        assert all(p.kind is griffe.ParameterKind.keyword_only for p in list(rendered)[1:])


def test_decorating_twice_gives_the_same_signature() -> None:
    def factory(domain: str, **options: Any) -> None:
        del domain, options

    once = keyword_signature(Auth0Credentials)(factory)
    first = inspect.signature(once)
    assert inspect.signature(keyword_signature(Auth0Credentials)(once)) == first
    assert list(first.parameters) == ["domain", *Auth0Credentials.__annotations__]


class _Place(TypedDict, total=False):
    position: int | None
    before: str | None


_PLACE_DEFAULTS = {"position": None, "before": None}


def test_first_shows_the_keywords_before_the_own_keyword_only_parameters() -> None:
    @keyword_signature(_Place, _PLACE_DEFAULTS, first=True)
    def add(item: str, /, *, label: str | None = None, **where: Any) -> dict[str, Any]:
        return {"item": item, "label": label, **where}

    shown = inspect.signature(add).parameters
    assert list(shown) == ["item", "position", "before", "label"]
    assert shown["position"].kind is inspect.Parameter.KEYWORD_ONLY
    assert add("a", before="b", label="l") == {"item": "a", "label": "l", "before": "b"}


def test_the_decorated_function_refuses_what_its_signature_lacks_as_python_would() -> None:
    @keyword_signature(_Place, _PLACE_DEFAULTS)
    def add(item: str, /, *, label: str | None = None, **where: Any) -> None:
        del item, label, where

    with pytest.raises(
        TypeError, match=r"^.*\.add\(\) got an unexpected keyword argument 'postion'$"
    ):
        add("a", postion=1)
    # A positional-only name given as a keyword would otherwise slip into **where.
    with pytest.raises(TypeError, match="unexpected keyword argument 'item'"):
        add("a", item="b")


def test_a_decorated_coroutine_function_stays_one_and_checks_when_called() -> None:
    @keyword_signature(_Place, _PLACE_DEFAULTS)
    async def move(item: str, **where: Any) -> dict[str, Any]:
        return {"item": item, **where}

    assert inspect.iscoroutinefunction(move)
    assert asyncio.run(move("a", position=2)) == {"item": "a", "position": 2}
    with pytest.raises(TypeError, match="unexpected keyword argument 'after'"):
        asyncio.run(move("a", after="b"))


def test_a_constructor_is_named_as_its_class_is_called() -> None:
    class Provider:
        @keyword_signature(_Place, _PLACE_DEFAULTS)
        def __init__(self, **where: Any) -> None:
            self.where = where

    assert Provider(position=1).where == {"position": 1}
    with pytest.raises(TypeError, match=r"\.Provider\(\) got an unexpected keyword argument 'x'$"):
        Provider(x=1)
