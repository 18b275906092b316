"""Compatibility path of the Auth0 models (they live in ``actions_sdk.providers.auth0.models``).

``from actions_sdk.models.auth0 import ...`` keeps working: every public name of
:mod:`actions_sdk.providers.auth0.models` is re-exported here (the same objects).
"""

from actions_sdk.providers.auth0.models import *  # noqa: F403 - the whole public surface
from actions_sdk.providers.auth0.models import __all__ as __all__
