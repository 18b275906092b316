"""Run the ```python blocks of README.md and docs/**/*.md against the in-process emulators.

How a page runs (the rules are documented for doc writers in docs/testing.md, "Docs examples are
tests"):

- Every fenced block whose info string starts with ``python`` (or ``py``/``python3``) is collected;
  any other fence (``text``, ``bash``, ``pycon``, ``console`` …) is left alone.
- The blocks of one page run in order in **one namespace**, so a later block may use the names an
  earlier one defined. Top-level ``await``/``async with``/``async for`` work: each block is compiled
  with ``ast.PyCF_ALLOW_TOP_LEVEL_AWAIT`` and awaited on one event loop per page.
- ``ManagementClient.for_auth0/for_zitadel`` and the ``AsyncManagementClient`` factories are
  replaced, for any domain, by ones that talk to one ``Auth0Emulator`` / ``ZitadelEmulator`` per
  page through an ``httpx.MockTransport`` and map the credentials a block passes to the
  emulator's (token → static token or PAT, client id/secret → the emulator's, ZITADEL key or key
  file → a key registered with the emulator). A block that passes its own ``http_client=``, or
  points at a loopback URL (a server it started), is left as written. Every retry policy's
  default sleeps and clock are swapped for a ``ManualClock`` shared with the emulators, so waits
  take no real time.
- A hidden HTML comment directly above a block (blank lines may sit in between) holds Python run
  first, in the same namespace, to seed names the block uses but does not define::

      <!-- docs-test:
      action_id = docs_env.auth0_action("add-roles").id
      -->

  ``docs_env`` (a :class:`DocsEnvironment`) offers the emulators, the clock and helpers; the
  credential placeholders ``token``, ``pat``, ``cid``, ``secret`` and ``sec`` are always defined.
- Any exception fails the page with ``<file>:<line>`` of the block (and of the failing line).
"""

from __future__ import annotations

import ast
import asyncio
import inspect
import re
import textwrap
import time
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from actions_sdk import AsyncManagementClient, ManagementClient, RetryPolicy
from actions_sdk.testing import Auth0Emulator, ManualClock, ZitadelEmulator

ROOT = Path(__file__).resolve().parent.parent
PYTHON_LANGUAGES = frozenset({"python", "py", "python3"})
DIRECTIVE = "<!-- docs-test:"
AUTH0_CODE = "exports.onExecutePostLogin = async (event, api) => {};"
ZITADEL_CODE = "function docsExample(ctx, api) {}"

# Taken at import: while a page runs, ``time.sleep`` itself is a recorder (see ``install``).
_REAL_SLEEP = time.sleep
_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
_LOOPBACK = re.compile(r"^https?://(localhost|127\.0\.0\.1|\[::1\])(:\d+)?/?$", re.IGNORECASE)


class DocsCollectionError(Exception):
    """A page's markup cannot be collected (unclosed fence, stray docs-test comment)."""


class DocsBlockError(AssertionError):
    """A docs block (or its setup comment) raised; the message names file and line."""


@dataclass(frozen=True)
class Snippet:
    """Python source taken from a page, with where it starts.

    Attributes:
        source: Dedented source code.
        line: 1-based line in the page of the first source line.
    """

    source: str
    line: int


@dataclass(frozen=True)
class Block:
    """One ```python block of a page.

    Attributes:
        path: The page.
        fence_line: 1-based line of the opening fence.
        code: The block's code.
        setup: Code of the ``<!-- docs-test: … -->`` comment above it, if any.
    """

    path: Path
    fence_line: int
    code: Snippet
    setup: Snippet | None = None

    @property
    def where(self) -> str:
        """``file:line`` of the opening fence, relative to the repository when inside it."""
        return f"{display(self.path)}:{self.fence_line}"


def display(path: Path) -> str:
    """Return ``path`` relative to the repository root when it is inside it."""
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def doc_pages(root: Path = ROOT) -> list[Path]:
    """Return README.md and every Markdown page under docs/, sorted."""
    pages = [root / "README.md", *sorted((root / "docs").rglob("*.md"))]
    return [page for page in pages if page.is_file()]


def collect(path: Path, text: str | None = None) -> list[Block]:
    """Collect the python blocks of one Markdown page, in order.

    Args:
        path: The page (read unless ``text`` is given).
        text: The page's content, for tests.

    Returns:
        The blocks, each with the setup comment directly above it.

    Raises:
        DocsCollectionError: An unclosed fence, or a docs-test comment that is not directly
            above a python block.
    """
    lines = (path.read_text(encoding="utf-8") if text is None else text).splitlines()
    blocks: list[Block] = []
    pending: Snippet | None = None
    pending_line = 0
    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if stripped.startswith(DIRECTIVE):
            if pending is not None:
                raise DocsCollectionError(
                    f"{display(path)}:{pending_line}: docs-test comment is not directly above a "
                    "```python block"
                )
            pending_line = index + 1
            pending, index = _read_directive(path, lines, index)
            continue
        match = _FENCE.match(line)
        if match is None:
            if stripped and pending is not None:
                raise DocsCollectionError(
                    f"{display(path)}:{pending_line}: docs-test comment is not directly above a "
                    "```python block"
                )
            index += 1
            continue
        end = _closing_fence(lines, index, match)
        if end is None:
            raise DocsCollectionError(f"{display(path)}:{index + 1}: unclosed code fence")
        language = (match["info"].split() or [""])[0].lower()
        if language in PYTHON_LANGUAGES:
            body = textwrap.dedent("\n".join(lines[index + 1 : end]))
            blocks.append(Block(path, index + 1, Snippet(body, index + 2), pending))
        elif pending is not None:
            raise DocsCollectionError(
                f"{display(path)}:{pending_line}: docs-test comment is above a "
                f"```{language} block; only python blocks run"
            )
        pending = None
        index = end + 1
    if pending is not None:
        raise DocsCollectionError(
            f"{display(path)}:{pending_line}: docs-test comment is not directly above a "
            "```python block"
        )
    return blocks


def _read_directive(path: Path, lines: list[str], start: int) -> tuple[Snippet, int]:
    """Read a ``<!-- docs-test: … -->`` comment; return its code and the index after it."""
    first = lines[start].strip()[len(DIRECTIVE) :]
    if "-->" in first:  # one line: <!-- docs-test: name = value -->
        code = first.split("-->", 1)[0].strip()
        return Snippet(code, start + 1), start + 1
    body: list[str] = [first] if first.strip() else []
    first_line = start + 1 if first.strip() else start + 2
    for index in range(start + 1, len(lines)):
        if "-->" in lines[index]:
            before = lines[index].split("-->", 1)[0]
            if before.strip():
                body.append(before)
            return Snippet(textwrap.dedent("\n".join(body)), first_line), index + 1
        body.append(lines[index])
    raise DocsCollectionError(f"{display(path)}:{start + 1}: docs-test comment is never closed")


def _closing_fence(lines: list[str], start: int, opening: re.Match[str]) -> int | None:
    fence = opening["fence"]
    closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    for index in range(start + 1, len(lines)):
        if closing.match(lines[index]):
            return index
    return None


@dataclass
class DocsEnvironment:
    """The emulators, clock and patched factories one page's blocks run against.

    Attributes:
        clock: Shared by both emulators and by every retry policy (waits advance it).
        auth0: The Auth0 emulator every ``for_auth0`` client talks to.
        zitadel: The ZITADEL emulator every ``for_zitadel`` client talks to.
    """

    clock: ManualClock = field(default_factory=ManualClock)
    auth0: Auth0Emulator = field(init=False)
    zitadel: ZitadelEmulator = field(init=False)
    # repr=False: a failing page's traceback shows this object, and the key is a private key.
    _http: list[httpx.Client] = field(default_factory=list, init=False, repr=False)
    _async_http: list[httpx.AsyncClient] = field(default_factory=list, init=False, repr=False)
    _expected_warnings: list[str] = field(default_factory=list, init=False, repr=False)
    _zitadel_key: dict[str, Any] | None = field(default=None, init=False, repr=False)
    _real_sleeps: list[float] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        self.auth0 = Auth0Emulator(clock=self.clock)
        self.zitadel = ZitadelEmulator(clock=self.clock)

    # -- what blocks see ----------------------------------------------------------------------

    def namespace(self) -> dict[str, Any]:
        """Return a fresh page namespace with the credential placeholders and ``docs_env``."""
        return {
            "__name__": "__main__",  # so a script-style block's `if __name__ == "__main__":` runs
            "docs_env": self,
            # Placeholders for the credentials the docs write as names; the factories map them to
            # the emulators' own anyway, so any value works.
            "token": self.auth0.token,
            "pat": self.zitadel.pat,
            "cid": self.auth0.client_id,
            "secret": self.auth0.client_secret,
            "sec": self.zitadel.client_secret,
        }

    def policy(self, policy: RetryPolicy | None = None) -> RetryPolicy:
        """Return ``policy`` (default: a fresh one) with its real sleeps and clocks made fake.

        Only fields still at their real default are swapped (a block's own ``sleep=`` is kept),
        and they are found by value, so a sleep or clock field added to ``RetryPolicy`` later is
        covered too.
        """
        policy = policy if policy is not None else RetryPolicy()
        defaults = RetryPolicy()
        fakes: dict[int, Any] = {
            id(_REAL_SLEEP): self.clock.advance,
            id(time.time): self.clock.time,
            id(time.monotonic): self.clock.time,
            id(asyncio.sleep): self._async_advance,
            id(defaults.async_sleep): self._async_advance,
        }
        changes: dict[str, Any] = {}
        for item in attrs.fields(RetryPolicy):
            value = getattr(policy, item.name)
            if value is getattr(defaults, item.name) and id(value) in fakes:
                changes[item.name] = fakes[id(value)]
        return attrs.evolve(policy, **changes) if changes else policy

    async def _async_advance(self, seconds: float) -> None:
        self.clock.advance(seconds)

    def auth0_client(self) -> ManagementClient[Any, Any, Any]:
        """An Auth0 client on the page's emulator, for setup code."""
        return ManagementClient.for_auth0(
            "tenant.example", token=self.auth0.token, **self._wiring(self.auth0, False, None)
        )

    def zitadel_client(self) -> ManagementClient[Any, Any, Any]:
        """A ZITADEL client on the page's emulator, for setup code."""
        return ManagementClient.for_zitadel(
            "zitadel.example", token=self.zitadel.pat, **self._wiring(self.zitadel, False, None)
        )

    def auth0_action(
        self,
        name: str,
        *,
        code: str = AUTH0_CODE,
        trigger: str = "post-login",
        deployed: bool = True,
        bind: bool = False,
    ) -> Any:
        """Create an Auth0 action on the emulator (built and deployed unless ``deployed=False``).

        Args:
            name: Unique name.
            code: Its code.
            trigger: Its supported trigger.
            deployed: Wait for the build and deploy it (needed before binding).
            bind: Also bind it (last) to ``trigger``.

        Returns:
            The action model.
        """
        with self.auth0_client() as client:
            action = client.actions.create(
                name=name,
                supported_triggers=[trigger],
                code=code,
                deploy=deployed,
                wait=deployed,
            )
            if bind:
                client.actions.triggers.bindings.add(trigger, action)
            return action

    def zitadel_action(
        self, name: str, *, code: str = ZITADEL_CODE, bind: str | None = None
    ) -> Any:
        """Create a ZITADEL action on the emulator, optionally bound (last) to trigger ``bind``."""
        with self.zitadel_client() as client:
            action = client.actions.create(name=name, code=code)
            if bind is not None:
                client.actions.triggers.bindings.add(bind, action)
            return action

    def expect_warning(self, pattern: str) -> None:
        """Let the next block emit a warning matching ``pattern`` (and require that it does)."""
        self._expected_warnings.append(pattern)

    # -- factories ----------------------------------------------------------------------------

    def install(self, monkeypatch: pytest.MonkeyPatch) -> DocsEnvironment:
        """Replace the four client factories until ``monkeypatch`` is undone; return ``self``.

        ``time.sleep`` is replaced too, by a recorder that does not sleep: a block that sleeps for
        real anyway (through code that looks ``time.sleep`` up when it runs) fails.
        """
        monkeypatch.setattr(time, "sleep", self._real_sleeps.append)
        for cls, is_async in ((ManagementClient, False), (AsyncManagementClient, True)):
            monkeypatch.setattr(
                cls, "for_auth0", staticmethod(self._factory(cls.for_auth0, "auth0", is_async))
            )
            monkeypatch.setattr(
                cls,
                "for_zitadel",
                staticmethod(self._factory(cls.for_zitadel, "zitadel", is_async)),
            )
        return self

    def _factory(
        self, original: Callable[..., Any], vendor: str, is_async: bool
    ) -> Callable[..., Any]:
        def factory(domain: str, /, **kwargs: Any) -> Any:
            if kwargs.get("http_client") is not None or _LOOPBACK.match(str(domain)):
                # The block wired its own emulator or started its own server: keep it, but never
                # let it sleep for real.
                kwargs["retry_policy"] = self.policy(kwargs.get("retry_policy"))
                return original(domain, **kwargs)
            if vendor == "auth0":
                emulator: Auth0Emulator | ZitadelEmulator = self.auth0
                kwargs = self._auth0_credentials(kwargs)
            else:
                emulator = self.zitadel
                kwargs = self._zitadel_credentials(kwargs)
            kwargs.update(self._wiring(emulator, is_async, kwargs.get("retry_policy")))
            return original(domain, **kwargs)

        return factory

    def _wiring(
        self, emulator: Auth0Emulator | ZitadelEmulator, is_async: bool, policy: Any
    ) -> dict[str, Any]:
        http: httpx.Client | httpx.AsyncClient
        if is_async:
            http = emulator.async_client()
            self._async_http.append(http)
        else:
            http = emulator.client()
            self._http.append(http)
        return {"http_client": http, "retry_policy": self.policy(policy)}

    def _auth0_credentials(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs = dict(kwargs)
        if kwargs.get("token") is not None:
            kwargs["token"] = self.auth0.token
        if kwargs.get("client_id") is not None:
            kwargs["client_id"] = self.auth0.client_id
        if kwargs.get("client_secret") is not None:
            kwargs["client_secret"] = self.auth0.client_secret
        return kwargs

    def _zitadel_credentials(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        kwargs = dict(kwargs)
        if kwargs.get("token") is not None:
            kwargs["token"] = self.zitadel.pat
        if kwargs.get("client_id") is not None:
            kwargs["client_id"] = self.zitadel.client_id
        if kwargs.get("client_secret") is not None:
            kwargs["client_secret"] = self.zitadel.client_secret
        if kwargs.get("key_file") is not None or kwargs.get("key") is not None:
            kwargs.pop("key_file", None)
            if self._zitadel_key is None:
                self._zitadel_key = self.zitadel.generate_service_account_key()
            kwargs["key"] = self._zitadel_key
        return kwargs

    # -- running ------------------------------------------------------------------------------

    def run_page(self, blocks: list[Block]) -> None:
        """Run a page's blocks in order in one namespace; raise :class:`DocsBlockError`."""
        __tracebackhide__ = True  # the report starts at the docs line, not in the harness
        namespace = self.namespace()
        loop = asyncio.new_event_loop()
        try:
            for block in blocks:
                if block.setup is not None:
                    self._run(block, block.setup, namespace, loop, "its docs-test setup comment")
                self._run(block, block.code, namespace, loop, "the block")
        finally:
            try:
                for http in self._async_http:
                    loop.run_until_complete(http.aclose())
            finally:
                loop.close()
                for sync_http in self._http:
                    sync_http.close()

    def _run(
        self,
        block: Block,
        snippet: Snippet,
        namespace: dict[str, Any],
        loop: asyncio.AbstractEventLoop,
        what: str,
    ) -> None:
        __tracebackhide__ = True
        filename = str(block.path.resolve())
        # Pad with blank lines so tracebacks (and linecache) show the page's own line numbers.
        source = "\n" * (snippet.line - 1) + snippet.source + "\n"
        expected, self._expected_warnings = self._expected_warnings, []
        try:
            code = compile(
                source, filename, "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True
            )
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                result = eval(code, namespace)  # noqa: S307 - running the docs is the point
                if inspect.iscoroutine(result):
                    loop.run_until_complete(result)
            _check_warnings(caught, expected)
            if self._real_sleeps:
                slept, self._real_sleeps[:] = list(self._real_sleeps), []
                raise AssertionError(
                    f"it called time.sleep{tuple(slept)}; give the client a RetryPolicy through "
                    "the factories (their default sleep is made fake) or docs_env.policy()"
                )
        except Exception as exc:
            raise DocsBlockError(_failure(block, what, exc, filename)) from exc


def _check_warnings(caught: list[warnings.WarningMessage], expected: list[str]) -> None:
    """Fail on an unexpected warning (the suite treats warnings as errors) or a missing one."""
    for pattern in expected:
        if not any(re.search(pattern, str(item.message)) for item in caught):
            raise AssertionError(f"expected a warning matching {pattern!r}, none was emitted")
    for item in caught:
        if not any(re.search(pattern, str(item.message)) for pattern in expected):
            raise AssertionError(
                f"unexpected {item.category.__name__}: {item.message} (if the docs mean it, "
                'put docs_env.expect_warning("…") in a docs-test comment above the block)'
            )


def _failure(block: Block, what: str, exc: BaseException, filename: str) -> str:
    lines = [
        f"{block.where}: {what} raised {type(exc).__name__}: {exc}",
    ]
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    if frames:
        lines.append(f"  failing line {display(block.path)}:{frames[-1].lineno}: {frames[-1].line}")
    if isinstance(exc, NameError):
        lines.append(
            "  hint: define the name in the block, or seed it in a hidden "
            "'<!-- docs-test: … -->' comment directly above the block (docs/testing.md)"
        )
    return "\n".join(lines)
