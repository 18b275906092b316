"""Write the HTML reprs of a small emulated tenant to one page, for docs/notebook.png.

``.venv/bin/python scripts/render_tables.py /tmp/tables.html`` then screenshot that page with a
headless browser (the command is in docs/notebooks.md). Not part of the test suite: the tests
parse the same HTML instead of looking at pixels.
"""

from __future__ import annotations

import sys
from pathlib import Path

from actions_sdk import ManagementClient, RetryPolicy
from actions_sdk.testing import Auth0Emulator, ManualClock

STYLE = """
body { font-family: sans-serif; font-size: 13px; margin: 16px; }
table { border-collapse: collapse; margin-bottom: 18px; }
th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: left; vertical-align: top; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
h3 { font-family: monospace; color: #555; margin: 8px 0 2px; }
"""


def main(target: Path) -> None:
    """Create a few actions on the emulator and write their HTML reprs to ``target``."""
    clock = ManualClock()
    emulator = Auth0Emulator(clock=clock, build_seconds=3, deploy_seconds=1)
    with ManagementClient.for_auth0(
        "tenant.example",
        token=emulator.token,
        http_client=emulator.client(),
        retry_policy=RetryPolicy(sleep=clock.advance, clock=clock.time),
    ) as client:
        for name in ("add-roles", "block-risky-ips", "enrich-token"):
            client.actions.create(
                name=name,
                supported_triggers=["post-login"],
                code=f"exports.onExecutePostLogin = async (event, api) => {{ /* {name} */ }};",
            )
        pager = client.actions.list()
        listing = pager._repr_html_()
        action = client.actions.deploy(pager.to_list()[0].id, wait=True, poll=1)
        single = action._repr_html_()
    target.write_text(
        f"<html><head><style>{STYLE}</style></head><body>"
        f"<h3>client.actions.list()</h3>{listing}"
        f"<h3>client.actions.deploy(action.id, wait=True)</h3>{single}</body></html>"
    )


if __name__ == "__main__":
    main(Path(sys.argv[1]))
