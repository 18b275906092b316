"""Hypothesis settings of the property-based suite: fixed seed, bounded examples and time.

``derandomize=True`` makes every run generate the same examples (so ``make test`` is
reproducible and a failure seen once is seen again), and no example database is written. The
example counts keep the whole suite within ~30 s on a small shared machine; raise them locally
with ``HYPOTHESIS_PROFILE=thorough`` to search harder.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, Phase, settings

settings.register_profile(
    "actions_sdk",
    derandomize=True,
    database=None,
    max_examples=25,
    deadline=None,  # a shared 2-core machine: timing noise must not fail an example
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=False,
    # No "explain" phase: on a failure it re-runs the test many times to annotate the example,
    # which took more than ten minutes here; shrinking still gives a minimal example.
    phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink],
)
settings.register_profile("thorough", parent=settings.get_profile("actions_sdk"), max_examples=300)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "actions_sdk"))
