"""The one plan driver of every provider test: answer each yielded operation without HTTP.

A provider returns a :class:`~actions_sdk._operation.Plan` (a generator of operations); these
tests play the transport's part: build the ``httpx.Response`` that answers each operation, let the
operation decode it, and send the result back (or throw an exception in, as the transport does
for an error). Each vendor's helper module binds a :class:`PlanDriver` to its base URL and to how
it reads a reply of ``None``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import attrs
import httpx

from actions_sdk._operation import Operation, Plan

__all__ = ["PlanDriver", "Reply", "Run", "first_op"]


@attrs.frozen
class Reply:
    """A canned answer: a JSON payload (or raw text/bytes) with a status and headers."""

    payload: Any = None
    status: int = 200
    headers: dict[str, str] = attrs.field(factory=dict)


@attrs.frozen
class Run:
    """The outcome of driving a plan: the operations it yielded and its return value."""

    ops: list[Operation[Any]]
    result: Any

    @property
    def operations(self) -> list[Operation[Any]]:
        """The operations in the order the plan yielded them (``ops``)."""
        return self.ops

    @property
    def calls(self) -> list[tuple[str, str]]:
        """``(method, path)`` of each operation, for asserting the wire sequence at a glance."""
        return [(op.method, op.path) for op in self.ops]


def first_op(plan: Plan[Any]) -> Operation[Any]:
    """The first operation a plan yields (what would go on the wire first)."""
    return next(plan)


@attrs.frozen
class PlanDriver:
    """Drives plans of one vendor.

    Attributes:
        base_url: Scheme and host the answers' requests name.
        none_body: What a reply of ``None`` sends: ``None`` for no body at all (Auth0's empty
            answers), or a JSON value (ZITADEL's protojson answers ``{}`` when nothing is set).
    """

    base_url: str
    none_body: Any = None

    def respond(
        self, op: Operation[Any], reply: Any = None, status: int | None = None
    ) -> httpx.Response:
        """Build the ``httpx.Response`` that answers ``op``.

        Args:
            op: The operation to answer.
            reply: A :class:`Reply`, or a bare payload (JSON value, text or bytes).
            status: The status for a bare payload (default 200).
        """
        if not isinstance(reply, Reply):
            reply = Reply(reply, status if status is not None else 200)
        request = httpx.Request(op.method, self.base_url + op.path, params=op.params)
        payload = reply.payload if reply.payload is not None else self.none_body
        if reply.status == 204 or payload is None:
            return httpx.Response(reply.status, headers=reply.headers, request=request)
        if isinstance(payload, str | bytes):
            return httpx.Response(
                reply.status, content=payload, headers=reply.headers, request=request
            )
        return httpx.Response(reply.status, json=payload, headers=reply.headers, request=request)

    def answer(self, op: Operation[Any], reply: Any = None, status: int | None = None) -> Any:
        """Decode the answer to ``op`` as the transport would on success."""
        return op.decode(self.respond(op, reply, status))

    def run(self, plan: Plan[Any], *replies: Any) -> Run:
        """Drive ``plan``, answering its n-th operation with ``replies[n]``.

        A reply is a :class:`Reply`, a bare payload (status 200), or an exception instance, which
        is thrown into the plan as the transport throws an error. The plan must use every reply
        and ask for no more.
        """
        ops: list[Operation[Any]] = []
        pending = list(replies)
        try:
            op = next(plan)
            while True:
                ops.append(op)
                assert pending, (
                    f"plan wanted more than {len(replies)} operations; next: {op.method} {op.path}"
                )
                reply = pending.pop(0)
                if isinstance(reply, BaseException):
                    op = plan.throw(reply)
                else:
                    op = plan.send(self.answer(op, reply))
        except StopIteration as stop:
            assert not pending, f"plan finished after {len(ops)} operations, {len(pending)} unused"
            return Run(ops, stop.value)

    def run_plan(self, plan: Plan[Any], replies: Sequence[Any]) -> Run:
        """:meth:`run` with the replies as one sequence."""
        return self.run(plan, *replies)
