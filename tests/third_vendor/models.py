"""WidgetCo's own action model: a neutral ``ActionModel`` with the fields its API sends."""

from __future__ import annotations

import attrs

from actions_sdk.models._common import ActionModel


@attrs.frozen(kw_only=True)
class WidgetAction(ActionModel):
    """An action as WidgetCo's API describes it (``actionId`` and ``label`` on the wire)."""

    id: str
    name: str
    body: str = ""
    revision: int = 0


@attrs.frozen(kw_only=True)
class WidgetTrigger:
    """WidgetCo has no triggers; the type only fills the provider's type parameter."""

    id: str


@attrs.frozen(kw_only=True)
class WidgetBinding:
    """WidgetCo has no bindings; the type only fills the provider's type parameter."""

    action_id: str
