"""ZITADEL v1 ListActions: sorted by id, large pages, no action twice in one walk.

Without a sorting column the real server has no ORDER BY, so offset pages can repeat or skip
actions (issue 10 §3); the emulator reproduces that by default.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from actions_sdk import ManagementClient
from actions_sdk.testing import ZitadelEmulator

MGMT = "/management/v1"


def _emulator_with(count: int, **kwargs: Any) -> ZitadelEmulator:
    emulator = ZitadelEmulator(**kwargs)
    with emulator.client(headers={"Authorization": f"Bearer {emulator.pat}"}) as http:
        for index in range(count):
            name = f"a{index}"
            body = {"name": name, "script": f"function {name}(ctx, api) {{}}"}
            assert http.post(f"{MGMT}/actions", json=body).status_code == 200
    return emulator


def _raw_walk(emulator: ZitadelEmulator, limit: int, **extra: Any) -> list[str]:
    ids: list[str] = []
    with emulator.client(headers={"Authorization": f"Bearer {emulator.pat}"}) as http:
        offset = 0
        while True:
            body = {"query": {"offset": str(offset), "limit": limit, "asc": True}, **extra}
            page = http.post(f"{MGMT}/actions/_search", json=body).json().get("result", [])
            ids.extend(action["id"] for action in page)
            if len(page) < limit:
                return ids
            offset += limit


def test_emulator_pages_without_a_sorting_column_repeat_or_skip():
    # The fault the SDK must not fall into: unsorted offset pages are not a partition.
    broken = 0
    for seed in range(5):
        emulator = _emulator_with(9, seed=seed)
        ids = _raw_walk(emulator, limit=3)
        if len(ids) != len(set(ids)) or len(set(ids)) != 9:
            broken += 1
    assert broken >= 1
    # With a sorting column the pages partition the list.
    emulator = _emulator_with(9)
    ids = _raw_walk(emulator, limit=3, sortingColumn="ACTION_FIELD_NAME_ID")
    assert len(ids) == len(set(ids)) == 9


def test_the_client_lists_every_action_exactly_once_across_small_pages():
    for seed in range(5):
        emulator = _emulator_with(11, seed=seed)
        with ManagementClient.for_zitadel(
            emulator.domain, token=emulator.pat, http_client=emulator.client()
        ) as client:
            ids = [action.id for action in client.actions.list(per_page=3)]
        assert len(ids) == 11
        assert sorted(ids) == sorted(action["id"] for action in emulator.actions)
        assert ids == sorted(ids, key=int)  # id order, as asked


def _paged_handler(pages: list[list[str]], bodies: list[Any]) -> Any:
    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        bodies.append(body)
        offset = int(body["query"]["offset"])
        limit = body["query"]["limit"]
        index = offset // limit
        items = [{"id": i, "name": f"n{i}"} for i in pages[index]]
        return httpx.Response(200, json={"details": {"totalResult": "5"}, "result": items})

    return handle


def test_an_action_a_later_page_repeats_is_listed_once():
    # An action created between two page requests shifts the offsets: page 2 starts with the
    # last action of page 1 again.
    bodies: list[Any] = []
    handler = _paged_handler([["1", "2"], ["2", "3"], ["4"]], bodies)
    with ManagementClient.for_zitadel(
        "z.example", token="t", http_client=httpx.Client(transport=httpx.MockTransport(handler))
    ) as client:
        pager = client.actions.list(per_page=2)
        assert [a.id for a in pager] == ["1", "2", "3", "4"]
        # A second walk starts afresh: nothing is hidden because an earlier walk saw it.
        assert [a.id for a in pager] == ["1", "2", "3", "4"]
    assert {body["sortingColumn"] for body in bodies} == {"ACTION_FIELD_NAME_ID"}


def test_the_default_page_is_the_server_maximum():
    bodies: list[Any] = []
    handler = _paged_handler([["1", "2"]], bodies)
    with ManagementClient.for_zitadel(
        "z.example", token="t", http_client=httpx.Client(transport=httpx.MockTransport(handler))
    ) as client:
        assert [a.id for a in client.actions.list()] == ["1", "2"]
    assert bodies[0]["query"]["limit"] == 1000
