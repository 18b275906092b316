"""Actions as code: keep actions in git as a manifest, and plan and apply it to a tenant.

``load`` reads and checks a manifest (``actions.yaml`` with code in sibling files), ``export``
writes one from a live tenant, ``plan`` compares it with the remote state (reads only) and
``apply`` executes a plan. See ``docs/actions-as-code.md``. Reading and writing YAML needs the
``[cli]`` extra (PyYAML); importing this package does not import it.
"""

from __future__ import annotations

from actions_sdk.manifest._apply import ApplyError, ApplyReport, Progress, apply
from actions_sdk.manifest._errors import ManifestError, Problem, StalePlanError
from actions_sdk.manifest._export import export
from actions_sdk.manifest._load import (
    API_AUTH0,
    API_ZITADEL_V1,
    API_ZITADEL_V2,
    ActionSpec,
    Manifest,
    SecretRef,
    load,
    schema,
)
from actions_sdk.manifest._plan import Change, Plan, Step, plan

__all__ = [
    "API_AUTH0",
    "API_ZITADEL_V1",
    "API_ZITADEL_V2",
    "ActionSpec",
    "ApplyError",
    "ApplyReport",
    "Change",
    "Manifest",
    "ManifestError",
    "Plan",
    "Problem",
    "Progress",
    "SecretRef",
    "StalePlanError",
    "Step",
    "apply",
    "export",
    "load",
    "plan",
    "schema",
]
