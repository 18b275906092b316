"""Readable models (issue 15): short reprs, IPython pretty text, Jupyter HTML, plain-data export."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
from IPython.lib.pretty import pretty

from actions_sdk import ManagementClient, MissingDependencyError, RetryPolicy
from actions_sdk._display import ModelList, rows
from actions_sdk._operation import Page
from actions_sdk.models.auth0 import (
    Action,
    ActionBinding,
    ActionCreateBody,
    BindingRefBody,
    BindingUpdateBody,
    Secret,
    SecretInfo,
)
from actions_sdk.models.bindings import BindingRef, BindingUpdate
from actions_sdk.models.zitadel import ZitadelAction, ZitadelTrigger
from actions_sdk.pagination import SyncPager
from actions_sdk.providers.auth0 import AUTH0_CONVERTER
from actions_sdk.testing import Auth0Emulator, ManualClock

FIXTURES = Path(__file__).parent / "fixtures" / "auth0"
HOSTILE = '<script>alert("x")</script>&'


def seed_action() -> Action:
    data = json.loads((FIXTURES / "create_action_response.json").read_text())
    return AUTH0_CONVERTER.structure(data, Action)


class Tree(HTMLParser):
    """A minimal DOM: (tag, attrs, children, text) nodes, to assert the HTML's structure."""

    def __init__(self) -> None:
        super().__init__()
        self.root: dict[str, Any] = {"tag": "#root", "children": [], "text": ""}
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = {"tag": tag, "attrs": dict(attrs), "children": [], "text": ""}
        self.stack[-1]["children"].append(node)
        if tag not in {"br"}:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1]["tag"] == tag, f"</{tag}> closes <{self.stack[-1]['tag']}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.stack[-1]["text"] += data


def parse(markup: str) -> dict[str, Any]:
    tree = Tree()
    tree.feed(markup)
    tree.close()
    assert tree.stack == [tree.root], "unclosed tags"
    return tree.root


def find(node: dict[str, Any], tag: str) -> list[dict[str, Any]]:
    found = [node] if node["tag"] == tag else []
    for child in node["children"]:
        found.extend(find(child, tag))
    return found


def text_of(node: dict[str, Any]) -> str:
    return node["text"] + "".join(text_of(child) for child in node["children"])


# -- repr ---------------------------------------------------------------------------------------


def test_the_seed_action_repr_is_short_and_shows_id_name_status_triggers():
    action = seed_action()
    text = repr(action)
    assert len(text) <= 200
    assert text.startswith("Action(id='910b1053-577f-4d81-a8c8-020e7319a38a', name='my-action'")
    assert "status='built'" in text
    assert "triggers=['post-login']" in text
    assert "module.exports" not in text  # code is summarised, never dumped
    assert "deployed_version=ActionVersion(#1)" in text


def test_a_binding_repr_summarises_its_action():
    binding = ActionBinding(id="b1", trigger_id="post-login", action=seed_action())
    text = repr(binding)
    assert text == (
        "ActionBinding(id='b1', trigger_id='post-login', action=Action(name='my-action'))"
    )


def test_long_text_is_shown_as_its_length_and_empty_fields_are_left_out():
    action = Action(id="a1", name="n" * 100, code="x" * 5000)
    assert repr(action) == "Action(id='a1', name=<100 chars>, code=<5000 chars>)"


def test_a_repr_longer_than_the_budget_ends_with_an_ellipsis():
    action = ZitadelAction(id="1" * 40, name="n" * 40, code="s", timeout=timedelta(seconds=5))
    assert len(repr(action)) <= 200
    assert action.to_dict()["timeout"] == timedelta(seconds=5)
    assert json.loads(action.to_json())["timeout"] == 5.0
    many = Action(id="a" * 45, name="b" * 45, runtime="c" * 45, installed_integration_id="d" * 45)
    text = repr(many)
    assert text.endswith("…)")
    assert len(text) <= 200


def test_a_class_that_writes_its_own_repr_keeps_it():
    assert repr(ZitadelTrigger("9", "1")) == "ZitadelTrigger('9', 'post_authentication')"


def test_pretty_text_is_multiline_nested_and_truncates_code_with_its_length():
    action = attrs.evolve(seed_action(), code="// line\n" * 200)
    text = pretty(action)
    lines = text.splitlines()
    assert lines[0] == "Action("
    assert "    id='910b1053-577f-4d81-a8c8-020e7319a38a'," in lines
    assert any(line.startswith("    deployed_version=ActionVersion(") for line in lines)
    code_line = next(line for line in lines if line.startswith("    code="))
    assert code_line.endswith("… (1600 chars),")
    assert len(code_line) < 500


def test_pretty_of_a_cycle_falls_back_to_the_short_repr():
    action = seed_action()

    class Printer:
        def __init__(self) -> None:
            self.out = ""

        def text(self, value: str) -> None:
            self.out += value

    printer = Printer()
    action._repr_pretty_(printer, True)
    assert printer.out == repr(action)


# -- HTML -------------------------------------------------------------------------------------


def test_model_html_is_a_key_value_table_with_code_in_a_details_block():
    action = attrs.evolve(seed_action(), code="const a = 1 < 2 && 3 > 2;")
    root = parse(action._repr_html_())
    (table,) = find(root, "table")
    assert table["attrs"]["class"] == "actions-sdk-model"
    assert text_of(find(table, "caption")[0]) == "Action"
    rows_ = find(table, "tr")
    keys = [text_of(find(row, "th")[0]) for row in rows_]
    assert keys[:4] == ["id", "name", "status", "supported_triggers"]
    assert all(len(find(row, "td")) == 1 for row in rows_)
    (details,) = find(table, "details")
    assert text_of(find(details, "summary")[0]) == "25 chars"
    assert text_of(find(details, "pre")[0]) == "const a = 1 < 2 && 3 > 2;"


def test_hostile_names_cannot_inject_markup():
    action = Action(id="a1", name=HOSTILE, code=HOSTILE)
    for markup in (
        action._repr_html_(),
        ModelList([action])._repr_html_(),
        Page(items=(action,), total=1)._repr_html_(),
    ):
        root = parse(markup)
        assert find(root, "script") == []
        assert "<script>" not in markup
        assert HOSTILE in text_of(root)


def test_a_page_of_50_actions_renders_as_a_table_of_its_first_rows_with_the_total():
    actions = tuple(
        Action(id=f"id-{i}", name=f"action-{i}", supported_triggers=({"id": "post-login"},))
        for i in range(50)
    )
    page = Page(items=actions, total=120, next_start=1)
    root = parse(page._repr_html_())
    (table,) = find(root, "table")
    assert table["attrs"]["class"] == "actions-sdk-list"
    assert text_of(find(table, "caption")[0]) == "page: 20 of 120"
    header = [text_of(th) for th in find(find(table, "thead")[0], "th")]
    assert header[:3] == ["id", "name", "supported_triggers"]
    body_rows = find(find(table, "tbody")[0], "tr")
    assert len(body_rows) == 20
    assert [text_of(td) for td in find(body_rows[0], "td")][:3] == [
        "id-0",
        "action-0",
        "post-login",
    ]
    assert repr(page) == "<Page of 50 Action (total=120, next_start=1)>"
    assert repr(Page(items=())) == "<Page of 0 item (total=?)>"


def test_a_list_without_a_known_total_says_so():
    root = parse(ModelList([Action(id="a")])._repr_html_())
    assert text_of(find(root, "caption")[0]) == "list: 1 of 1"
    page = Page(items=(Action(id="a"),), total=None)
    assert text_of(find(parse(page._repr_html_()), "caption")[0]) == "page: 1 of 1+"


# -- secrets ----------------------------------------------------------------------------------


def test_no_secret_value_in_any_repr_or_export():
    secret = Secret(name="API_KEY", value="hunter2-value")
    bodies: list[Any] = [
        secret,
        ActionCreateBody(name="x", supported_triggers=(), secrets=(secret,)),
        BindingUpdateBody(ref=BindingRefBody(type="action_id", value="a1"), secrets=(secret,)),
        BindingUpdate(ref=BindingRef.by_action_id("a1"), secrets=[secret]),
    ]
    for body in bodies:
        for text in (
            repr(body),
            pretty(body),
            body._repr_html_(),
            body.to_json(),
            str(body.to_dict()),
            str(rows([body])),
        ):
            assert "hunter2" not in text
    assert secret.to_dict() == {"name": "API_KEY"}


# -- export -----------------------------------------------------------------------------------


def test_to_dict_keeps_datetimes_turns_enums_into_strings_and_nests():
    action = attrs.evolve(seed_action(), secrets=(SecretInfo(name="S"),))
    data = action.to_dict()
    assert isinstance(data["created_at"], datetime)
    assert type(data["status"]) is str
    assert data["status"] == "built"
    assert type(data["supported_triggers"][0]["id"]) is str
    assert data["deployed_version"]["number"] == 1
    assert data["secrets"] == [{"name": "S", "updated_at": None}]
    assert isinstance(data["supported_triggers"], list)


def test_the_json_form_round_trips_through_json():
    action = seed_action()
    data = json.loads(action.to_json())
    assert data == action.to_dict(mode="json")
    assert data["created_at"] == "2021-01-01T00:00:00+00:00"
    assert json.loads(action.to_json(indent=2, sort_keys=True)) == data


def test_unset_request_fields_are_left_out():
    assert ActionCreateBody(name="x", supported_triggers=()).to_dict() == {
        "name": "x",
        "supported_triggers": [],
    }


def test_rows_flatten_nested_fields_triggers_and_code():
    (row,) = rows([seed_action()])
    assert row["supported_triggers"] == "post-login"
    assert row["deployed_version.number"] == 1
    assert row["code_length"] == len("module.exports = () => {}")
    assert "code" not in row
    assert row["dependencies"] == 1  # a list of objects without ids: its length


def _client() -> tuple[ManagementClient[Any, Any, Any], ManualClock]:
    clock = ManualClock()
    emulator = Auth0Emulator(clock=clock, build_seconds=3, deploy_seconds=1)
    client = ManagementClient.for_auth0(
        "tenant.example",
        token=emulator.token,
        http_client=emulator.client(),
        retry_policy=RetryPolicy(sleep=clock.advance, clock=clock.time),
    )
    return client, clock


def test_pager_repr_says_what_is_loaded_and_html_shows_the_first_page():
    client, _ = _client()
    with client:
        for i in range(3):
            client.actions.create(name=f"a{i}", supported_triggers=["post-login"], code="x")
        pager = client.actions.list()
        assert repr(pager) == "<SyncPager: nothing loaded yet (total=?)>"
        root = parse(pager._repr_html_())
        assert text_of(find(root, "caption")[0]) == "SyncPager, first page: 3 of 3"
        assert repr(pager) == "<SyncPager of Action: first page loaded (3 items, total=3)>"
        listed = pager.to_list()
        assert isinstance(listed, ModelList)
        assert [a.name for a in listed] == ["a0", "a1", "a2"]
        frame = pager.to_pandas()
        assert list(frame["name"]) == ["a0", "a1", "a2"]
        assert "supported_triggers" in frame.columns
        assert list(pager.to_dataframe()["name"]) == ["a0", "a1", "a2"]
        assert list(listed.to_pandas()["name"]) == ["a0", "a1", "a2"]
        assert [d["name"] for d in listed.to_dicts()] == ["a0", "a1", "a2"]
        page = pager.first_page()
        assert [d["name"] for d in page.to_dicts(mode="json")] == ["a0", "a1", "a2"]
        assert list(page.to_pandas()["name"]) == ["a0", "a1", "a2"]


def test_to_pandas_without_pandas_names_the_extra(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now raises ImportError
    with pytest.raises(MissingDependencyError, match=r"actions-sdk\[pandas\]"):
        ModelList([Action(id="a")]).to_pandas()
    empty: Page[Action] = Page(items=())
    pager: SyncPager[Action] = SyncPager(lambda plan: empty, lambda start: iter(()))
    with pytest.raises(MissingDependencyError, match="pandas"):
        pager.to_pandas()


def test_a_list_pretty_prints_one_short_line_per_item():
    items = ModelList([Action(id=f"a{i}", name=f"n{i}") for i in range(25)])
    lines = pretty(items).splitlines()
    assert lines[0] == "["
    assert lines[1] == "    Action(id='a0', name='n0'),"
    assert lines[-2] == "    … 5 more"
    assert len(lines) == 23
    assert pretty(ModelList()) == "[]"
    assert pretty(ModelList([1, 2])) == "[\n    1,\n    2,\n]"


def test_the_async_pager_exports_a_dataframe():
    from actions_sdk import AsyncManagementClient

    emulator = Auth0Emulator()

    async def main() -> list[str]:
        async with AsyncManagementClient.for_auth0(
            "tenant.example", token=emulator.token, http_client=emulator.async_client()
        ) as client:
            await client.actions.create(name="a", supported_triggers=["post-login"], code="x")
            frame = await client.actions.list().to_pandas()
            return list(frame["name"])

    assert asyncio.run(main()) == ["a"]
