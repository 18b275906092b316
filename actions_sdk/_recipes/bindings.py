"""Order-preserving binding edits: add, remove, move and replace one trigger's bindings."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final, TypeAlias, TypedDict

import attrs

from actions_sdk._checks import check_sequence, excerpt
from actions_sdk._operation import PageFetcher, Plan
from actions_sdk._recipes._loop import B, _all_items, _identity, _persistently
from actions_sdk._types import UNSET
from actions_sdk.errors import (
    NotFoundError,
    UnsupportedOperationError,
    ValidationError,
)
from actions_sdk.models._common import ActionModel
from actions_sdk.models.bindings import BindingRef, BindingRefType, BindingUpdate

if TYPE_CHECKING:
    from actions_sdk._retry import RetryPolicy
    from actions_sdk.providers._base import (
        BindingFacts,
        Provider,
        TriggerInput,
    )

ActionInput: TypeAlias = "str | BindingRef | ActionModel"
"""How the binding helpers accept an action: its id, a ``BindingRef`` or the action model.

Typed with the neutral :class:`~actions_sdk.models._common.ActionModel` that every vendor's action
model subclasses, so the helpers name no vendor, even for typing."""


# -- order-preserving binding edits -----------------------------------------------------------


@attrs.frozen
class _Target:
    """What a caller named: an action (by id and/or name) or an existing binding (by id)."""

    action_id: str | None = None
    name: str | None = None
    binding_id: str | None = None
    known: bool = False  # an action model was given: id and name need no request


def _target(value: Any, field: str) -> _Target:
    if isinstance(value, str) and value:
        return _Target(action_id=value)
    if isinstance(value, BindingRef):
        if not isinstance(value.value, str) or not value.value:
            raise ValidationError(f"{field}: the reference needs a non-empty value", field=field)
        if value.type == BindingRefType.ACTION_ID:
            return _Target(action_id=value.value)
        if value.type == BindingRefType.ACTION_NAME:
            return _Target(name=value.value)
        if value.type == BindingRefType.BINDING_ID:
            return _Target(binding_id=value.value)
        raise ValidationError(f"{field}: unknown reference type {value.type!r}", field=field)
    if isinstance(value, ActionModel):
        action_id, name = _identity(value)
        return _Target(action_id=action_id, name=name, known=True)
    raise ValidationError(
        f"{field} must be an action id, an action or a BindingRef, got {type(value).__name__}",
        field=field,
    )


def _matches(facts: BindingFacts, target: _Target) -> bool:
    if target.binding_id is not None:
        return facts.ref.type == BindingRefType.BINDING_ID and facts.ref.value == target.binding_id
    if target.action_id is not None:
        return facts.action_id == target.action_id
    return facts.action_name is not None and facts.action_name == target.name


def _resolve(
    provider: Provider[Any, Any, Any], target: _Target, field: str
) -> Plan[tuple[str, str | None]]:
    """The id and name of the action to bind (a GET or a name lookup unless a model was given)."""
    if target.known and target.action_id is not None:
        return target.action_id, target.name
    if target.action_id is not None:
        action = yield from provider.get_action(target.action_id)
        return _identity(action)
    if target.name is not None:
        found = yield from provider.find_action_by_name(target.name)
        if found is None:
            raise NotFoundError(f"no action is named {target.name!r}", status_code=404)
        return _identity(found)
    raise ValidationError(
        f"{field}: a binding id names an existing binding, and none on this trigger has it; "
        "pass the action (id, name or model) to bind it",
        field=field,
    )


@attrs.frozen
class _Entry:
    """One item of the list to write: an existing binding (by index) or a new one."""

    index: int | None = None
    action_id: str | None = None
    display_name: str | None = None
    secrets: Any = None
    changed: bool = False  # an existing binding whose display name or secrets change


class Where(TypedDict, total=False):
    """The ``position=`` / ``before=`` / ``after=`` keywords of ``bindings.add`` and ``move``.

    Declared once: both methods take them as ``**where: Unpack[Where]`` (their signatures show
    them, with the defaults of :data:`WHERE_DEFAULTS`, through ``keyword_signature``) and pass
    them on as given; the helper checks them (at most one, of the right kind) after it has
    checked the action. A key left out is ``None``.

    Attributes:
        position: The index in the new list (negative counts from the end).
        before: Just before this bound action.
        after: Just after this bound action.
    """

    position: int | None
    before: ActionInput | None
    after: ActionInput | None


WHERE_DEFAULTS: Final[Mapping[str, object]] = MappingProxyType(dict.fromkeys(Where.__annotations__))
"""Every placement keyword defaults to ``None``: not given (an add appends)."""


@attrs.frozen
class _Placement:
    position: int | None = None
    anchor: _Target | None = None
    after: bool = False

    def index(self, facts: Sequence[BindingFacts], length: int) -> int:
        """Where the binding goes among ``facts`` (the list without it), ``length`` items after."""
        if self.position is not None:
            index = self.position + length if self.position < 0 else self.position
            if not 0 <= index < length:
                raise ValidationError(
                    f"position {excerpt(self.position)} is outside the trigger's {length} "
                    "binding(s)",
                    field="position",
                )
            return index
        if self.anchor is None:
            return len(facts)
        field = "after" if self.after else "before"
        for index, item in enumerate(facts):
            if _matches(item, self.anchor):
                return index + 1 if self.after else index
        raise ValidationError(f"{field}: that action is not bound to this trigger", field=field)


def _placement(position: int | None, before: Any, after: Any, *, required: bool) -> _Placement:
    given = [
        name
        for name, value in (("position", position), ("before", before), ("after", after))
        if value is not None
    ]
    if len(given) > 1:
        raise ValidationError(
            f"give at most one of position, before and after (got {', '.join(given)})",
            field=given[1],
        )
    if required and not given:
        raise ValidationError("give position, before or after", field="position")
    if position is not None:
        if isinstance(position, bool) or not isinstance(position, int):
            raise ValidationError(
                f"position must be an int, got {excerpt(position)}", field="position"
            )
        return _Placement(position=position)
    if before is not None:
        return _Placement(anchor=_target(before, "before"))
    if after is not None:
        return _Placement(anchor=_target(after, "after"), after=True)
    return _Placement()


def _write(
    provider: Provider[Any, Any, B],
    trigger: TriggerInput,
    current: list[B],
    facts: list[BindingFacts],
    entries: list[_Entry],
) -> Plan[list[B]]:
    """Write ``entries`` as the trigger's list, unless it is exactly the current one."""
    if [entry.index for entry in entries] == list(range(len(current))) and not any(
        entry.changed for entry in entries
    ):
        return current
    items: list[Any] = []
    for entry in entries:
        if entry.index is None:
            assert entry.action_id is not None  # noqa: S101 - new entries always carry an id
            items.append(provider.new_binding(entry.action_id, entry.display_name, entry.secrets))
        elif entry.changed:
            ref = facts[entry.index].ref
            items.append(
                BindingUpdate(ref=ref, display_name=entry.display_name, secrets=entry.secrets)
            )
        else:
            items.append(facts[entry.index].ref)
    written: list[B] = yield from provider.update_bindings(trigger, items)
    return written


def _check_binding_options(
    provider: Provider[Any, Any, Any], display_name: Any, secrets: Any, operation: str
) -> None:
    if display_name is not None and not isinstance(display_name, str):
        raise ValidationError("display_name must be a string", field="display_name")
    if (display_name is not None or secrets is not None) and not provider.binding_display_names:
        what = "display_name" if display_name is not None else "secrets"
        raise UnsupportedOperationError(
            provider.name, f"{operation}({what}=...)", "bindings have no name or secrets"
        )


def _one_binding(
    provider: Provider[Any, Any, B],
    trigger: TriggerInput,
    action: ActionInput,
    where: Where,
    *,
    required: bool,
) -> tuple[PageFetcher[B], _Target, _Placement]:
    """What adding or moving one binding checks before sending, in the caller's order.

    The trigger (its listing), then the action, then where it goes; ``required``: whether
    ``where`` must say something (a move) or may be empty (an add: the end).
    """
    fetch = provider.list_bindings(trigger, UNSET)
    target = _target(action, "action")
    placement = _placement(
        where.get("position"), where.get("before"), where.get("after"), required=required
    )
    return fetch, target, placement


def add_binding(
    provider: Provider[Any, Any, B],
    trigger: TriggerInput,
    action: ActionInput,
    *,
    where: Where,
    display_name: str | None,
    policy: RetryPolicy,
) -> Plan[list[B]]:
    """Plan ``bindings.add``: insert one binding, keeping every other one as it is.

    Args:
        provider: The vendor's provider.
        trigger: The trigger.
        action: The action to bind.
        where: Where it goes, as the caller said (checked here, after ``action``).
        display_name: The new binding's display name (Auth0; default: the action's name).
        policy: The client's retry policy.

    Returns:
        A plan whose outcome is the trigger's list afterwards (not written when the action
        already is bound).
    """
    fetch, target, placement = _one_binding(provider, trigger, action, where, required=False)
    _check_binding_options(provider, display_name, None, "actions.triggers.bindings.add")

    def plan() -> Plan[list[B]]:
        current = yield from _all_items(fetch)
        facts = [provider.binding_facts(binding) for binding in current]
        if any(_matches(item, target) for item in facts):
            return current  # already bound: left where it is (move() changes its place)
        action_id, name = yield from _resolve(provider, target, "action")
        if any(item.action_id == action_id for item in facts):
            return current
        index = placement.index(facts, len(current) + 1)
        entries = [_Entry(index=i) for i in range(len(current))]
        label = display_name if display_name is not None else name
        entries.insert(
            index,
            _Entry(
                action_id=action_id,
                display_name=label if provider.binding_display_names else None,
            ),
        )
        return (yield from _write(provider, trigger, current, facts, entries))

    return _persistently(plan, policy)


def remove_binding(
    provider: Provider[Any, Any, B],
    trigger: TriggerInput,
    action: ActionInput,
    *,
    policy: RetryPolicy,
) -> Plan[list[B]]:
    """Plan ``bindings.remove``: drop ``action``'s binding(s), keeping every other one.

    The arguments are :func:`move_binding`'s but ``where``; the outcome is the trigger's list
    afterwards, and nothing is written when the action was not bound.
    """
    fetch = provider.list_bindings(trigger, UNSET)
    target = _target(action, "action")
    return _persistently(lambda: _remove(provider, trigger, fetch, target), policy)


def _remove(
    provider: Provider[Any, Any, B],
    trigger: TriggerInput,
    fetch: PageFetcher[B],
    target: _Target,
) -> Plan[list[B]]:
    current = yield from _all_items(fetch)
    facts = [provider.binding_facts(binding) for binding in current]
    entries = [_Entry(index=i) for i, item in enumerate(facts) if not _matches(item, target)]
    return (yield from _write(provider, trigger, current, facts, entries))


def move_binding(
    provider: Provider[Any, Any, B],
    trigger: TriggerInput,
    action: ActionInput,
    *,
    where: Where,
    policy: RetryPolicy,
) -> Plan[list[B]]:
    """Plan ``bindings.move``: change one binding's place, keeping it and every other one.

    Args:
        provider: The vendor's provider.
        trigger: The trigger.
        action: The bound action (or binding) to move; its first binding when bound twice.
        where: Where it goes, as the caller said (checked here, after ``action``).
        policy: The client's retry policy.

    Returns:
        A plan whose outcome is the trigger's list afterwards.
    """
    fetch, target, placement = _one_binding(provider, trigger, action, where, required=True)

    def plan() -> Plan[list[B]]:
        current = yield from _all_items(fetch)
        facts = [provider.binding_facts(binding) for binding in current]
        moved = next((i for i, item in enumerate(facts) if _matches(item, target)), None)
        if moved is None:
            raise ValidationError(
                "action: that action is not bound to this trigger", field="action"
            )
        if placement.anchor is not None and _matches(facts[moved], placement.anchor):
            return current  # before/after itself: it already is there
        rest = [i for i in range(len(current)) if i != moved]
        index = placement.index([facts[i] for i in rest], len(current))
        order = [*rest[:index], moved, *rest[index:]]
        entries = [_Entry(index=i) for i in order]
        return (yield from _write(provider, trigger, current, facts, entries))

    return _persistently(plan, policy)


def replace_bindings(
    provider: Provider[Any, Any, B],
    trigger: TriggerInput,
    items: Sequence[ActionInput | BindingUpdate],
    *,
    policy: RetryPolicy,
) -> Plan[list[B]]:
    """Plan ``bindings.replace``: make the list exactly ``items``, keeping existing bindings.

    An item already bound keeps its binding (Auth0: id and display name, unless a
    ``BindingUpdate`` gives a new display name or secrets); the others are bound anew.

    Args:
        provider: The vendor's provider.
        trigger: The trigger.
        items: The wanted list, in execution order.
        policy: The client's retry policy.

    Returns:
        A plan whose outcome is the trigger's list afterwards (no write when it already is).
    """
    fetch = provider.list_bindings(trigger, UNSET)
    wanted: list[tuple[_Target, BindingUpdate | None]] = []
    for index, item in enumerate(check_sequence(items, "items")):
        field = f"items[{index}]"
        if isinstance(item, BindingUpdate):
            _check_binding_options(
                provider, item.display_name, item.secrets, "actions.triggers.bindings.replace"
            )
            wanted.append((_target(item.ref, field), item))
        else:
            wanted.append((_target(item, field), None))

    def plan() -> Plan[list[B]]:
        current = yield from _all_items(fetch)
        facts = [provider.binding_facts(binding) for binding in current]
        used: set[int] = set()
        entries: list[_Entry] = []
        for index, (target, update) in enumerate(wanted):
            found = next(
                (i for i, item in enumerate(facts) if i not in used and _matches(item, target)),
                None,
            )
            name: str | None = None
            if found is None:
                action_id, name = yield from _resolve(provider, target, f"items[{index}]")
                found = next(
                    (
                        i
                        for i, item in enumerate(facts)
                        if i not in used and item.action_id == action_id
                    ),
                    None,
                )
            display_name = update.display_name if update is not None else None
            secrets = update.secrets if update is not None else None
            if found is not None:
                used.add(found)
                changed = secrets is not None or (
                    display_name is not None and display_name != facts[found].display_name
                )
                entries.append(
                    _Entry(index=found, display_name=display_name, secrets=secrets, changed=changed)
                )
                continue
            label = display_name if display_name is not None else name
            entries.append(
                _Entry(
                    action_id=action_id,
                    display_name=label if provider.binding_display_names else None,
                    secrets=secrets,
                )
            )
        return (yield from _write(provider, trigger, current, facts, entries))

    return _persistently(plan, policy)
