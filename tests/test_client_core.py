"""Client construction, options and lifecycle, and the pager, independent of any vendor."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from actions_sdk._operation import Operation, Page, Plan, single
from actions_sdk._retry import RetryPolicy
from actions_sdk.client import ManagementClient, resolve_base_url
from actions_sdk.errors import UnsupportedOperationError, ValidationError
from actions_sdk.pagination import SyncPager
from tests.test_transport import FakeProvider


@pytest.mark.parametrize(
    ("domain", "expected"),
    [
        ("acme.eu.auth0.com", ("https://acme.eu.auth0.com", "acme.eu.auth0.com")),
        ("https://acme.eu.auth0.com/", ("https://acme.eu.auth0.com", "acme.eu.auth0.com")),
        ("  acme.example:8443 ", ("https://acme.example:8443", "acme.example:8443")),
        ("http://localhost:8080", ("http://localhost:8080", "localhost:8080")),
        ("http://127.0.0.1:9", ("http://127.0.0.1:9", "127.0.0.1:9")),
        ("http://[::1]:9", ("http://[::1]:9", "[::1]:9")),
    ],
)
def test_domains_resolve_to_https_or_loopback_http(domain, expected):
    assert resolve_base_url(domain) == expected


@pytest.mark.parametrize(
    "domain",
    [
        "",
        "   ",
        "http://acme.eu.auth0.com",
        "http://10.0.0.1",
        "ftp://acme.example",
        "https://acme.example/api/v2",
        "https://user:pw@acme.example",
        "https://acme.example?x=1",
    ],
)
def test_bad_domains_are_rejected(domain):
    with pytest.raises(ValidationError):
        resolve_base_url(domain)


def make_client(handler: Any, **kwargs: Any) -> ManagementClient[Any, Any, Any]:
    http = kwargs.pop("http_client", None) or httpx.Client(transport=httpx.MockTransport(handler))
    return ManagementClient(
        provider=FakeProvider(),
        base_url="https://tenant.example",
        http_client=http,
        retry_policy=RetryPolicy(sleep=lambda s: None),
        **kwargs,
    )


def test_injected_http_client_is_never_closed():
    http = httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200)))
    with make_client(None, http_client=http) as client:
        assert client.base_url == "https://tenant.example"
    assert not http.is_closed
    http.close()


def test_owned_http_client_is_closed_once():
    client = ManagementClient(provider=FakeProvider(), base_url="https://tenant.example")
    client.close()
    client.close()
    assert client._state.http.is_closed


def test_repr_names_provider_and_host_only():
    client = make_client(lambda r: httpx.Response(200))
    assert repr(client) == "<ManagementClient provider=fake base_url=https://tenant.example>"
    assert "static-token" not in repr(client)


def test_with_options_shares_state_and_changes_only_what_is_asked():
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={}, headers={"x-ratelimit-remaining": "7"})

    client = make_client(handler, headers={"x-one": "1"})
    other = client.with_options(timeout=3.0, max_retries=0, headers={"x-two": "2"})
    other._transport.send(
        Operation(method="GET", path="/p", decode=lambda r: r.json())  # via the copy
    )
    assert seen[0].extensions["timeout"]["read"] == 3.0
    assert seen[0].headers["x-one"] == "1"
    assert seen[0].headers["x-two"] == "2"
    assert other._policy.max_retries == 0
    assert client._policy.max_retries == 2
    # The copy shares rate-limit state and connections with the original.
    assert client.rate_limit is not None
    assert client.rate_limit.remaining == 7
    assert other._state is client._state


def test_with_options_org_id_is_unsupported_without_organizations():
    client = make_client(lambda r: httpx.Response(200))
    with pytest.raises(UnsupportedOperationError, match="org_id"):
        client.with_options(org_id="123")


def test_namespaces_are_cached_and_typed():
    client = make_client(lambda r: httpx.Response(200))
    assert client.actions is client.actions
    assert client.actions.triggers.bindings is client.actions.triggers.bindings
    assert client.provider == "fake"


# -- pager --------------------------------------------------------------------------------


def paged(data: list[int], size: int, seen: list[int | None]) -> Any:
    def fetch(start: int | None) -> Plan[Page[int]]:
        seen.append(start)
        index = start or 0
        items = tuple(data[index : index + size])
        nxt = index + size if index + size < len(data) else None
        result: Page[int] = Page(items=items, total=len(data), next_start=nxt)
        return result
        yield  # pragma: no cover - makes this a generator (a plan with no operation)

    return fetch


def run(plan: Plan[Any]) -> Any:
    try:
        next(plan)
    except StopIteration as stop:
        return stop.value
    raise AssertionError("plan yielded an operation")  # pragma: no cover


def test_pager_is_lazy_and_stops_on_total_without_an_extra_request():
    seen: list[int | None] = []
    pager = SyncPager(run, paged([1, 2, 3, 4, 5], 2, seen))
    assert seen == []
    assert list(pager) == [1, 2, 3, 4, 5]
    assert seen == [None, 2, 4]


def test_pager_total_reuses_the_first_page():
    seen: list[int | None] = []
    pager = SyncPager(run, paged([1, 2, 3], 2, seen))
    assert pager.total == 3
    assert pager.to_list() == [1, 2, 3]
    assert seen == [None, 2]
    assert [len(page.items) for page in pager.pages()] == [2, 1]
    assert "total=" in repr(pager)


def test_the_client_takes_any_provider_positionally():
    # Like httpx's Client(transport=...): the provider is the first argument, no factory needed.
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return httpx.Response(200, json={"id": "a1"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with ManagementClient(FakeProvider(), base_url="https://tenant.example", http_client=http) as c:
        assert c.provider == "fake"
        assert c.base_url == "https://tenant.example"
        operation = Operation(method="GET", path="/actions/a1", decode=lambda r: r.json())
        result = c._transport.run(single(operation))
    assert result == {"id": "a1"}
    assert seen == ["Bearer static-token"]
    http.close()


def test_a_vendor_refines_its_own_errors():
    # The core's table is by status; a vendor passes the subclass its body calls for.
    from actions_sdk.errors import BadRequestError, FailedPreconditionError, make_api_error

    assert type(make_api_error("x", status_code=400, grpc_code=9)) is BadRequestError
    refined = make_api_error("x", status_code=400, grpc_code=9, refined=FailedPreconditionError)
    assert type(refined) is FailedPreconditionError
    assert refined.grpc_code == 9


def test_any_action_model_stands_for_its_id():
    # A third vendor's action model is accepted by the neutral checks through the ActionModel mark.
    import attrs

    from actions_sdk._checks import check_action_id
    from actions_sdk.models._common import ActionModel

    @attrs.frozen
    class OtherAction(ActionModel):
        id: str
        name: str

    assert check_action_id(OtherAction(id="x1", name="n")) == "x1"
    with pytest.raises(ValidationError, match="has no id"):
        check_action_id(OtherAction(id="", name="n"))
