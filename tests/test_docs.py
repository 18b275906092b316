"""Every ```python block of README.md and docs/**/*.md runs against the in-process emulators.

The mechanism (hidden ``<!-- docs-test: … -->`` setup comments, one namespace per page, the
factories pointed at the emulators, no real sleeping) is in ``tests/docs_harness.py`` and is
documented for doc writers in docs/testing.md.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from actions_sdk import RetryPolicy
from tests.docs_harness import (
    DocsBlockError,
    DocsCollectionError,
    DocsEnvironment,
    collect,
    display,
    doc_pages,
)

PAGES = doc_pages()


@pytest.mark.parametrize("page", PAGES, ids=display)
def test_every_python_block_of_the_page_runs(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = collect(page)
    env = DocsEnvironment().install(monkeypatch)
    env.run_page(blocks)


def test_the_pages_with_examples_are_collected() -> None:
    names = {display(page) for page in PAGES}
    assert {"README.md", "docs/index.md", "docs/recipes.md", "docs/testing.md"} <= names
    counts = {display(page): len(collect(page)) for page in PAGES}
    # The pages the quick start points at really have blocks (a broken fence parser finds none).
    assert counts["README.md"] >= 5
    assert counts["docs/index.md"] >= 2
    assert counts["docs/recipes.md"] >= 4
    assert sum(counts.values()) >= 15


# -- the mechanism itself -----------------------------------------------------------------------


def _page(tmp_path: Path, text: str) -> Path:
    page = tmp_path / "page.md"
    page.write_text(text, encoding="utf-8")
    return page


def _run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> DocsEnvironment:
    page = _page(tmp_path, text)
    env = DocsEnvironment().install(monkeypatch)
    env.run_page(collect(page))
    return env


def test_a_failing_block_names_the_file_and_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "# Page\n\n```python\nx = 1\n```\n\nText.\n\n"
    text += "```python\ny = x + 1\nraise KeyError(y)\n```\n"
    with pytest.raises(DocsBlockError) as caught:
        _run(tmp_path, monkeypatch, text)
    message = str(caught.value)
    assert message.startswith(f"{tmp_path / 'page.md'}:9: the block raised KeyError: 2")
    assert f"failing line {tmp_path / 'page.md'}:11: raise KeyError(y)" in message
    assert isinstance(caught.value.__cause__, KeyError)


def test_an_undefined_name_points_at_the_setup_comment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(DocsBlockError, match=r"NameError: name 'action_id'(.|\n)*docs-test"):
        _run(tmp_path, monkeypatch, "```python\nprint(action_id)\n```\n")


def test_setup_comments_seed_names_and_blocks_share_one_namespace(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (
        "<!-- docs-test: a = 40 -->\n"
        "```python\nb = a + 1\n```\n"
        "~~~text\nnot python: )(\n~~~\n"
        "- a list item:\n\n"
        "  <!-- docs-test:\n  c = 1\n  -->\n\n"
        "  ```py\n  if __name__ == '__main__':\n      docs_env.seen = b + c\n  ```\n"
        "```bash\nexit 1\n```\n"
    )
    env = _run(tmp_path, monkeypatch, text)
    assert env.seen == 42  # type: ignore[attr-defined]


def test_markup_errors_are_reported_at_collection(tmp_path: Path) -> None:
    with pytest.raises(DocsCollectionError, match=r"page.md:1: docs-test comment is not directly"):
        collect(_page(tmp_path, "<!-- docs-test: a = 1 -->\nSome text.\n```python\na\n```\n"))
    with pytest.raises(DocsCollectionError, match=r"above a ```bash block"):
        collect(_page(tmp_path, "<!-- docs-test: a = 1 -->\n```bash\nls\n```\n"))
    with pytest.raises(DocsCollectionError, match=r"page.md:2: unclosed code fence"):
        collect(_page(tmp_path, "text\n```python\nx = 1\n"))
    with pytest.raises(DocsCollectionError, match=r"page.md:1: docs-test comment is never closed"):
        collect(_page(tmp_path, "<!-- docs-test:\nx = 1\n"))
    with pytest.raises(DocsCollectionError, match=r"not directly above"):
        collect(_page(tmp_path, "text\n<!-- docs-test: a = 1 -->\n"))


def test_factories_reach_the_emulators_for_any_domain_and_never_sleep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = """
```python
from actions_sdk import ManagementClient

with ManagementClient.for_auth0("acme.eu.auth0.com", client_id="…", client_secret="…") as client:
    action = client.actions.create(
        name="a", supported_triggers=["post-login"], code="exports.x = 1;", deploy=True, wait=True
    )
with ManagementClient.for_zitadel("acme-xyz.zitadel.cloud", key_file="missing.json") as z:
    z.actions.create(name="b", code="function b(ctx, api) {}")
```
"""
    env = _run(tmp_path, monkeypatch, text)
    assert [a["name"] for a in env.auth0.actions] == ["a"]
    assert env.auth0.actions[0]["deployed_version"]["deployed"] is True
    assert [a["name"] for a in env.zitadel.actions] == ["b"]
    assert ("POST", "/oauth/token") in env.auth0.requests  # the client credentials were mapped
    assert env.clock.time() > 1_700_000_000.0  # the build wait advanced the fake clock


def test_top_level_await_runs_on_one_loop_per_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = """
```python
from actions_sdk import AsyncManagementClient

client = AsyncManagementClient.for_auth0("acme.eu.auth0.com", token=token)
```

```python
async with client:
    created = await client.actions.create(
        name="async", supported_triggers=["post-login"], code="exports.x = 1;"
    )
    docs_env.names = [a.name async for a in client.actions.list()]
```
"""
    env = _run(tmp_path, monkeypatch, text)
    assert env.names == ["async"]  # type: ignore[attr-defined]


def test_warnings_fail_a_block_unless_the_page_expects_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warn = "```python\nimport warnings\nwarnings.warn('plain http to zitadel:8080')\n```\n"
    with pytest.raises(DocsBlockError, match="unexpected UserWarning: plain http"):
        _run(tmp_path, monkeypatch, warn)
    expect = "<!-- docs-test: docs_env.expect_warning('plain http') -->\n"
    _run(tmp_path, monkeypatch, expect + warn)
    missing = expect + "```python\nx = 1\n```\n"
    with pytest.raises(DocsBlockError, match="expected a warning matching 'plain http'"):
        _run(tmp_path, monkeypatch, missing)


def test_a_block_that_sleeps_for_real_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(DocsBlockError, match=r"called time.sleep\(30,\)"):
        _run(tmp_path, monkeypatch, "```python\nimport time\ntime.sleep(30)\n```\n")


def test_policies_keep_their_own_sleep_and_lose_the_real_ones() -> None:
    env = DocsEnvironment()
    own = RetryPolicy(sleep=print, max_retries=5)
    kept = env.policy(own)
    assert kept.sleep is print
    assert kept.max_retries == 5
    assert kept.clock == env.clock.time  # the real wall clock was swapped
    fresh = env.policy()
    assert fresh.sleep == env.clock.advance
    fresh.sleep(7)
    assert fresh.clock() == 1_700_000_007.0
