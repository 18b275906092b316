"""Compatibility path of the Auth0 models (they live in ``actions_sdk.providers.auth0.models``).

``from actions_sdk.models.auth0 import ...`` keeps working: every public name of
:mod:`actions_sdk.providers.auth0.models` is re-exported here (the same objects). Names listed in
``__deprecated__`` still resolve but warn ``DeprecationWarning`` (see ``docs/compatibility.md``).
"""

from typing import TYPE_CHECKING

from actions_sdk.providers.auth0.models import *  # noqa: F403 - the whole public surface
from actions_sdk.providers.auth0.models import __all__ as __all__

# Deprecated name → what to use instead. Not in ``__all__``: a star import must not warn.
__deprecated__ = {
    "BindingsPatchBody": (
        "use client.actions.triggers.bindings.update_many() or replace(), which build this body"
    ),
}

if TYPE_CHECKING:
    # Type checkers see the class itself; only the runtime path warns.
    from actions_sdk.providers.auth0._deprecated import BindingsPatchBody as BindingsPatchBody
else:
    from actions_sdk._deprecation import deprecated_getattr

    __getattr__ = deprecated_getattr(
        __name__, __deprecated__, "actions_sdk.providers.auth0._deprecated"
    )
