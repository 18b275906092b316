"""One rule per kind of argument, on both vendors, and garbage refused at the call.

The rules (docs/providers.md, "Arguments"): an action is named by its id or by its model
everywhere; a plain string in a binding list is an action id; a model list item may be the
model or its wire-shaped dict; ZITADEL flows and triggers take the same spellings in every form;
bad values are refused before anything is sent, with a short excerpt of the value.
"""

from __future__ import annotations

import asyncio
import sys
import warnings

import httpx
import pytest

from actions_sdk import (
    Action,
    ActionTrigger,
    AsyncManagementClient,
    BindingRef,
    Dependency,
    InsecureHTTPWarning,
    ManagementClient,
    MissingDependencyError,
    Secret,
    ValidationError,
    ZitadelTrigger,
)
from actions_sdk.models.zitadel import FlowType, TriggerType
from actions_sdk.providers._base import CreateActionRequest, ListActionsRequest
from actions_sdk.providers.auth0 import Auth0Provider
from actions_sdk.providers.zitadel import ZitadelProvider
from actions_sdk.testing import ZitadelEmulator
from tests.scenarios.conftest import World, auth0_world, zitadel_world


def _no_http(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"nothing may be sent, got {request.method} {request.url}")


def _silent_client() -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(_no_http))


# -- garbage refused at the call ---------------------------------------------------------------


FACTORIES = [
    lambda **kw: ManagementClient.for_auth0(kw.pop("domain", "acme.eu.auth0.com"), token="t", **kw),
    lambda **kw: ManagementClient.for_zitadel(kw.pop("domain", "z.example"), token="t", **kw),
    lambda **kw: AsyncManagementClient.for_auth0(
        kw.pop("domain", "acme.auth0.com"), token="t", **kw
    ),
    lambda **kw: AsyncManagementClient.for_zitadel(kw.pop("domain", "z.example"), token="t", **kw),
]


@pytest.mark.parametrize("factory", FACTORIES)
@pytest.mark.parametrize(
    "timeout", ["5", -1, 0, float("nan"), float("inf"), True, None, httpx.Timeout(5, read=-1)]
)
def test_factories_refuse_a_bad_timeout(factory, timeout):
    with pytest.raises(ValidationError) as caught:
        factory(timeout=timeout)
    assert caught.value.field in {"timeout", "timeout.read"}


@pytest.mark.parametrize("factory", FACTORIES)
def test_factories_take_numbers_and_httpx_timeouts(factory):
    for timeout in (5, 2.5, httpx.Timeout(10, connect=3), httpx.Timeout(None)):
        factory(timeout=timeout)


@pytest.mark.parametrize("timeout", [-1, "5", 0])
def test_with_options_refuses_a_bad_timeout(timeout):
    with ManagementClient.for_zitadel("z.example", token="t", http_client=_silent_client()) as c:
        with pytest.raises(ValidationError) as caught:
            c.with_options(timeout=timeout)
        assert caught.value.field == "timeout"
        assert c.with_options(timeout=3)._timeout == httpx.Timeout(3)


BAD_DOMAINS = [
    "acme eu",
    "acme .auth0.com",
    "acme.example/path",
    "https://acme.example/api/v2",
    "acme.example?x=1",
    "https://user:pw@acme.example",
    "acme.example:99999",
    "ftp://acme.example",
    "acme\texample",
    "",
]


@pytest.mark.parametrize("factory", FACTORIES)
@pytest.mark.parametrize("domain", BAD_DOMAINS)
def test_factories_refuse_a_bad_domain(factory, domain):
    with pytest.raises(ValidationError) as caught:
        factory(domain=domain)
    assert caught.value.field == "domain"


@pytest.mark.parametrize("domain", BAD_DOMAINS)
def test_providers_share_the_domain_parser(domain):
    for build in (Auth0Provider, ZitadelProvider):
        with pytest.raises(ValidationError) as caught:
            build(domain, token="t")
        assert caught.value.field == "domain"


def test_blank_names_are_refused_before_sending_on_both_vendors():
    auth0 = ManagementClient.for_auth0("acme.auth0.com", token="t", http_client=_silent_client())
    zitadel = ManagementClient.for_zitadel("z.example", token="t", http_client=_silent_client())
    with auth0, zitadel:
        for name in ("   ", "", "\t\n"):
            with pytest.raises(ValidationError, match="name"):
                auth0.actions.create(name=name, supported_triggers=["post-login"])
            with pytest.raises(ValidationError, match="name"):
                auth0.actions.update("a1", name=name)
            with pytest.raises(ValidationError, match="name"):
                zitadel.actions.create(name=name, code="function x() {}")
            with pytest.raises(ValidationError, match="name"):
                zitadel.actions.update("a1", name=name)


@pytest.mark.parametrize(
    "build",
    [
        lambda: BindingRef.by_action_id(None),  # type: ignore[arg-type]
        lambda: BindingRef.by_action_name("  "),
        lambda: BindingRef.by_binding_id(""),
        lambda: BindingRef.by_action_id(5),  # type: ignore[arg-type]
        lambda: BindingRef("bogus", "x"),  # type: ignore[arg-type]
        lambda: BindingRef(5, "x"),  # type: ignore[arg-type]
    ],
)
def test_binding_refs_are_validated_when_built(build):
    with pytest.raises(ValidationError):
        build()


def test_binding_ref_takes_its_type_as_text():
    assert BindingRef("action_id", "a1") == BindingRef.by_action_id("a1")  # type: ignore[arg-type]


def test_messages_show_a_short_excerpt_of_a_bad_value():
    huge = "x" * 800
    attempts = [
        lambda: ZitadelTrigger.parse(huge),
        lambda: ZitadelTrigger(huge, "1"),
        lambda: BindingRef("action_id" + huge, "x"),  # type: ignore[arg-type]
        lambda: ManagementClient.for_auth0(huge + " x", token="t"),
        lambda: ManagementClient.for_zitadel("z.example", token="t", timeout=huge),  # type: ignore[arg-type]
        lambda: ZitadelProvider("z.example", token="t").list_actions(
            ListActionsRequest(state=huge)
        ),
        lambda: Auth0Provider("a.auth0.com", token="t").update_bindings("post-login", [[huge]]),
    ]
    for attempt in attempts:
        with pytest.raises(ValidationError) as caught:
            attempt()
        assert len(str(caught.value)) < 300, str(caught.value)
        assert "x" * 60 not in str(caught.value)


# -- models wherever an id is taken ----------------------------------------------------------


@pytest.mark.parametrize("build", [auth0_world, zitadel_world])
def test_get_update_delete_take_the_action_model(build):
    world: World = build()
    with world.client:
        action = world.create("byModel")
        assert world.client.actions.get(action).id == action.id
        assert world.client.actions.get(action.id).id == action.id
        world.clock.advance(5)
        renamed = world.client.actions.update(action, code=world.code("byModel") + " ")
        assert renamed.id == action.id
        world.client.actions.delete(action)
        assert [a.id for a in world.client.actions.list()] == []


def test_action_arguments_refuse_other_things_by_type():
    with ManagementClient.for_zitadel("z.example", token="t", http_client=_silent_client()) as c:
        for bad in (None, 5, {"id": "a1"}, ["a1"]):
            with pytest.raises(ValidationError) as caught:
                c.actions.get(bad)  # type: ignore[arg-type]
            assert caught.value.field == "action_id"


@pytest.mark.parametrize("build", [auth0_world, zitadel_world])
def test_update_many_takes_id_strings_and_models_like_add(build):
    world: World = build()
    with world.client:
        one, two, three = (world.create(name) for name in ("one", "two", "three"))
        for action in (one, two, three):
            world.make_bindable(action)
        bindings = world.client.actions.triggers.bindings
        listed = bindings.update_many(world.trigger, [one.id, two])
        assert [b.action.id for b in listed] == [one.id, two.id]
        listed = bindings.update_many(world.trigger, [three, BindingRef.by_action_id(one.id)])
        assert [b.action.id for b in listed] == [three.id, one.id]
        # add/replace took ids and models already: the same list, by the same spellings.
        listed = bindings.replace(world.trigger, [one.id, three])
        assert [b.action.id for b in listed] == [one.id, three.id]


# -- wire-shaped dicts for model lists (Auth0) -----------------------------------------------


def test_model_lists_take_wire_shaped_dicts_like_bindings():
    world = auth0_world()
    with world.client:
        created = world.client.actions.create(
            name="dicts",
            code=world.code("dicts"),
            supported_triggers=[{"id": "post-login", "version": "v3"}],  # type: ignore[list-item]
            secrets=[{"name": "API_KEY", "value": "s3cr3t"}],  # type: ignore[list-item]
            dependencies=[{"name": "lodash", "version": "4.17.21"}],  # type: ignore[list-item]
        )
        models = world.client.actions.create(
            name="models",
            code=world.code("models"),
            supported_triggers=["post-login"],
            secrets=[Secret(name="API_KEY", value="s3cr3t")],
            dependencies=[Dependency(name="lodash", version="4.17.21")],
        )
    for action in (created, models):
        assert [str(t.id) for t in action.supported_triggers] == ["post-login"]
        assert [d.name for d in action.dependencies] == ["lodash"]
        assert [s.name for s in action.secrets] == ["API_KEY"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"secrets": [{"name": "K", "valeu": "v"}]}, "secrets[0]"),
        ({"secrets": [{"name": "K"}]}, "secrets[0]"),
        ({"secrets": ["K=v"]}, "secrets[0]"),
        ({"dependencies": [{"name": 5, "version": "1"}]}, "dependencies[0]"),
        ({"supported_triggers": [{"id": "post-login", "verison": "v3"}]}, "supported_triggers[0]"),
    ],
)
def test_bad_dicts_are_refused_without_showing_values(kwargs, field):
    provider = Auth0Provider("a.auth0.com", token="t")
    request = CreateActionRequest(
        "n", {"supported_triggers": kwargs.pop("supported_triggers", ["post-login"]), **kwargs}
    )
    with pytest.raises(ValidationError) as caught:
        provider.create_action(request)
    assert caught.value.field == field
    assert 'v"' not in str(caught.value)
    assert "'v'" not in str(caught.value)


# -- ZITADEL triggers: one set of spellings ----------------------------------------------------


@pytest.mark.parametrize(
    ("flow", "trigger"),
    [
        ("complement_token", "pre_access_token_creation"),
        ("COMPLEMENT_TOKEN", "Pre_Access_Token_Creation"),
        (FlowType.COMPLEMENT_TOKEN, TriggerType.PRE_ACCESS_TOKEN_CREATION),
        (2, 5),
        ("2", "05"),
    ],
)
def test_zitadel_trigger_takes_the_names_parse_takes(flow, trigger):
    expected = ZitadelTrigger.parse("complement_token:pre_access_token_creation")
    assert ZitadelTrigger(flow, trigger) == expected


def test_zitadel_trigger_legacy_names_and_repr():
    legacy = ZitadelTrigger("FLOW_TYPE_EXTERNAL_AUTHENTICATION", "TRIGGER_TYPE_POST_AUTHENTICATION")
    assert legacy == ZitadelTrigger.parse("1:1")
    trigger = ZitadelTrigger("complement_token", "pre_access_token_creation")
    assert repr(trigger) == "ZitadelTrigger('complement_token', 'pre_access_token_creation')"
    assert eval(repr(trigger), {"ZitadelTrigger": ZitadelTrigger}) == trigger  # noqa: S307
    assert repr(ZitadelTrigger("9", "1")) == "ZitadelTrigger('9', 'post_authentication')"
    with pytest.raises(ValidationError, match="flow must be"):
        ZitadelTrigger("complement_tokn", "pre_access_token_creation")
    with pytest.raises(ValidationError, match="not allowed"):
        ZitadelTrigger("complement_token", "post_creation")


# -- emulator without the zitadel extra ----------------------------------------------------------


def test_generate_service_account_key_without_cryptography(monkeypatch):
    # None in sys.modules makes the import raise ImportError, as if the package were absent.
    for name in list(sys.modules):
        if name == "cryptography" or name.startswith("cryptography."):
            monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "cryptography", None)
    emulator = ZitadelEmulator()
    with pytest.raises(MissingDependencyError, match=r"actions-sdk\[zitadel\]"):
        emulator.generate_service_account_key()
    with pytest.raises(MissingDependencyError, match=r"actions-sdk\[zitadel\]"):
        emulator.register_public_key("k1", "u1", "-----BEGIN PUBLIC KEY-----")


# -- plain http to ZITADEL: opt-in, with a warning -----------------------------------------------


@pytest.mark.parametrize(
    "factory", [ManagementClient.for_zitadel, AsyncManagementClient.for_zitadel]
)
def test_plain_http_to_a_named_host_needs_the_opt_in(factory):
    with pytest.raises(ValidationError, match="allow_insecure_http"):
        factory("http://zitadel:8080", token="t")
    with pytest.warns(InsecureHTTPWarning, match="zitadel:8080") as caught:
        client = factory("http://zitadel:8080", token="t", allow_insecure_http=True)
    # The warning points at the caller's line, not at SDK internals.
    assert caught[0].filename == __file__
    assert client.base_url == "http://zitadel:8080"
    if isinstance(client, AsyncManagementClient):
        asyncio.run(client.aclose())
    else:
        client.close()


def test_the_opt_in_changes_nothing_for_https_or_loopback():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for domain in ("z.example", "https://z.example", "http://localhost:8080"):
            with ManagementClient.for_zitadel(domain, token="t", allow_insecure_http=True) as c:
                assert c.base_url.startswith(("https://", "http://localhost"))
    with pytest.raises(ValidationError, match="allow_insecure_http"):
        ManagementClient.for_zitadel("z.example", token="t", allow_insecure_http="yes")  # type: ignore[arg-type]


def test_a_plain_http_client_talks_to_the_emulator():
    emulator = ZitadelEmulator()
    seen: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return emulator.handle(request)

    http = httpx.Client(transport=httpx.MockTransport(handle))
    with pytest.warns(InsecureHTTPWarning):
        client = ManagementClient.for_zitadel(
            "http://zitadel:8080", token=emulator.pat, allow_insecure_http=True, http_client=http
        )
    with client:
        created = client.actions.create(name="plain", code="function plain(ctx, api) {}")
        assert client.actions.get(created).name == "plain"
    assert seen
    assert all(url.startswith("http://zitadel:8080/management/v1/") for url in seen)


def test_the_duplicate_free_create_compares_dict_items_as_models():
    # After a lost create answer the action found by name is compared with the request: dict
    # items must compare like the models they stand for.
    provider = Auth0Provider("a.auth0.com", token="t")
    found = Action(
        id="a1",
        name="n",
        supported_triggers=(ActionTrigger(id="post-login"),),
        dependencies=(Dependency(name="lodash", version="4"),),
    )
    same = CreateActionRequest(
        "n",
        {
            "supported_triggers": [{"id": "post-login"}],
            "dependencies": [{"name": "lodash", "version": "4"}],
            "secrets": [],
        },
    )
    assert provider.content_differences(found, same) == []
    other = same.replace(dependencies=[{"name": "lodash", "version": "5"}])
    assert provider.content_differences(found, other) == ["dependencies"]


def test_auth0_refuses_plain_http_without_offering_an_opt_in():
    with pytest.raises(ValidationError) as caught:
        ManagementClient.for_auth0("http://acme.auth0.com", token="t")
    assert "use https" in str(caught.value)
    assert "allow_insecure_http" not in str(caught.value)
