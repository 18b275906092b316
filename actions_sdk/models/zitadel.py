"""Compatibility path of the ZITADEL models (they live in ``actions_sdk.providers.zitadel.models``).

``from actions_sdk.models.zitadel import ...`` keeps working: every public name of
:mod:`actions_sdk.providers.zitadel.models` is re-exported here (the same objects).
"""

from actions_sdk.providers.zitadel.models import *  # noqa: F403 - the whole public surface
from actions_sdk.providers.zitadel.models import __all__ as __all__
