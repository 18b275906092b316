"""Safe automation helpers as pure plans: build-aware deploy, binding edits, unbind-and-delete.

Each helper is a *plan* (see :mod:`actions_sdk._operation`) composed from the providers' own plans
with ``yield from``, so it runs unchanged on the sync and the async transport and never does I/O.
Vendor differences stay in small provider hooks (:meth:`Provider.build_progress`,
:meth:`Provider.binding_facts`, :meth:`Provider.find_action_by_name`, …); this module only holds
the provider-neutral logic.

Waiting is sans-I/O too: a plan yields :class:`~actions_sdk._operation.Sleep` and receives the
retry policy's clock, so timeouts are measured on the clock the waits move. Polling GETs are
ordinary operations: the request budget and the retry policy apply to them.

How the helpers stay safe under faults:

* **Reads and list writes** are idempotent and already retried by the transport. A binding edit
  writes the *whole* list with references that keep every other binding (Auth0 binding ids), so
  repeating a write whose answer was lost leaves the same list behind. When a read or write still
  fails after those retries, the whole edit (read, compute, write-if-changed) is started over
  after a pause, within ``max_retries``: an edit that already landed then finds nothing to do.
* **Create, deploy and delete** are *not* blindly repeated. After an answer that may hide a
  success (lost response, timeout after sending, 408, 5xx), the plan first finds out what happened —
  look the action up by its unique name, re-read the action for a new version, or take a 404 on
  a repeated delete as the earlier attempt's success — and only then tries again, within the
  policy's ``max_retries``.

What "may hide a success" and "worth another try" mean is not decided here: every loop asks
:func:`actions_sdk._retry.classify` and :meth:`RetryPolicy.retry_wait`, the rule the transport
uses, so the helpers and the transport cannot disagree about a status (a 408, say) or a wait.
"""

from __future__ import annotations

from actions_sdk._recipes.bindings import (
    WHERE_DEFAULTS,
    ActionInput,
    Where,
    add_binding,
    move_binding,
    remove_binding,
    replace_bindings,
)
from actions_sdk._recipes.create import create_action
from actions_sdk._recipes.delete import delete_action
from actions_sdk._recipes.upsert import upsert_action
from actions_sdk._recipes.waits import (
    DEFAULT_POLL,
    DEFAULT_TIMEOUT,
    deploy_and_wait,
    reported,
    rollback_and_wait,
    wait_until_built,
)

__all__ = [
    "DEFAULT_POLL",
    "DEFAULT_TIMEOUT",
    "WHERE_DEFAULTS",
    "ActionInput",
    "Where",
    "add_binding",
    "create_action",
    "delete_action",
    "deploy_and_wait",
    "move_binding",
    "remove_binding",
    "replace_bindings",
    "reported",
    "rollback_and_wait",
    "upsert_action",
    "wait_until_built",
]
