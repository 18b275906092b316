"""Hostile input on ZITADEL v2: ids stay one path segment, junk answers are typed errors."""

from __future__ import annotations

from typing import Any

import pytest

from actions_sdk._types import UNSET
from actions_sdk.errors import DecodeError, ValidationError
from actions_sdk.providers._base import ListActionsRequest
from tests.providers.zitadel_v2.v2_helpers import answer, provider, run, target_json

PEM = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"

READS = {
    "get": lambda p: p.get_action("t1"),
    "list": lambda p: p.list_actions(ListActionsRequest())(None),
    "keys.list": lambda p: p.list_public_keys("t1", UNSET)(None),
    "bindings.list": lambda p: p.list_bindings("event:*", UNSET)(None),
    "triggers.list": lambda p: p.list_triggers(),
}
JUNK: list[Any] = [
    None,
    [],
    "text",
    7,
    {"target": None},
    {"targets": "x"},
    {"targets": [{"id": 5}]},
    {"executions": [{"condition": {"event": {"all": "yes"}}}]},
    {"publicKeys": [{"keyId": "k", "publicKey": 12}]},
    {"pagination": {"totalResult": "many"}, "targets": []},
    {"services": [None]},
]


def _read(read: str, body: Any) -> tuple[Any, DecodeError | None]:
    """Run one read of the plan, answering every request with ``body``."""
    plan = READS[read](provider())
    op = next(plan)
    try:
        while True:
            op = plan.send(answer(op, body))
    except StopIteration as done:
        return done.value, None
    except DecodeError as exc:  # the only error a junk answer may cause
        return None, exc


def _items(outcome: Any) -> Any:
    return list(getattr(outcome, "items", outcome) or ())


@pytest.mark.parametrize("junk", JUNK, ids=repr)
@pytest.mark.parametrize("read", list(READS))
def test_junk_answers_are_decode_errors_or_read_as_nothing(read, junk):
    outcome, failure = _read(read, junk)
    if failure is None:
        # Some junk reads as a valid empty answer: then it reads exactly as {} does.
        empty, _ = _read(read, {})
        assert _items(outcome) == _items(empty)
    else:
        assert 0 < len(str(failure)) < 300  # a short message, not a dump of the answer


@pytest.mark.parametrize("bad", ["..", ".", "", "\ud800", "x" * 10_000, 5])
@pytest.mark.parametrize(
    "call",
    [
        lambda p, i: p.get_action(i),
        lambda p, i: p.delete_action(i, force=False),
        lambda p, i: p.rotate_signing_key(i),
        lambda p, i: p.list_public_keys(i, UNSET),
        lambda p, i: p.set_public_key_state("t1", i, active=True),
        lambda p, i: p.remove_public_key(i, "k1"),
        lambda p, i: p.add_public_key(i, PEM, None),
    ],
)
def test_unusable_ids_are_refused_before_sending(call, bad):
    with pytest.raises(ValidationError):
        call(provider(), bad)


@pytest.mark.parametrize("new_id", ["..", "", "\ud800"])
def test_server_sent_ids_that_cannot_be_a_segment_are_decode_errors(new_id):
    plan = provider().add_public_key("t1", PEM, None)
    next(plan)
    with pytest.raises(DecodeError):
        plan.send(new_id)


def test_a_slash_in_an_id_is_encoded_not_followed():
    op = next(provider().set_public_key_state("a/b", "../c", active=False))
    assert op.path == "/v2/actions/targets/a%2Fb/publickeys/..%2Fc/deactivate"


@pytest.mark.parametrize("where", ["timeout", "totalResult"])
def test_a_huge_junk_value_is_shown_as_a_short_excerpt(where):
    # A duration or uint64 the server garbles is quoted in the error, but never at full length.
    junk = "9x" * 50_000
    target = target_json()
    total: object = "1"
    if where == "timeout":
        target["timeout"] = junk
    else:
        total = junk
    listing = {"pagination": {"totalResult": total}, "targets": [target]}
    with pytest.raises(DecodeError, match="characters") as caught:
        run(provider().list_actions(ListActionsRequest())(None), listing)
    assert len(str(caught.value)) < 300
