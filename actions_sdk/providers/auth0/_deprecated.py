"""Deprecated Auth0 model classes, imported only when their old public name is touched.

See ``actions_sdk._deprecation`` for how a public module resolves them, and
``docs/compatibility.md`` for what replaces each one and when it goes away.
"""

from __future__ import annotations

import attrs

from actions_sdk._display import Model
from actions_sdk.providers.auth0.models import BindingUpdateBody

__all__ = ["BindingsPatchBody"]


@attrs.frozen(kw_only=True)
class BindingsPatchBody(Model):
    """Deprecated: body of ``PATCH /actions/triggers/{triggerId}/bindings``, never used by the SDK.

    ``client.actions.triggers.bindings.update_many`` / ``replace`` build this request; the class is
    kept only so that old imports keep working, and will be removed in the next major release.

    Attributes:
        bindings: The bindings in execution order; empty unbinds everything.
    """

    bindings: tuple[BindingUpdateBody, ...]
