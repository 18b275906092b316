"""The async client mirrors the sync one: generated twins are current, surfaces and types agree.

Three checks, from cheapest to strongest:

1. The committed ``actions_sdk/resources/_async/*.py`` and ``actions_sdk/_async/_client.py``
   equal what ``scripts/gen_async.py`` generates from the sync sources right now.
2. Every public method and property of the sync client and of its namespaces, recursively, has an
   async counterpart with the same parameters (names, kinds, defaults, annotations) and return
   annotation, modulo ``Sync…``/``Async…`` names; calls that send requests are coroutines, and
   ``list`` methods returning a pager are not.
3. ``mypy --strict`` reveals the same types for every one of them on both clients and both
   providers, once ``Coroutine[Any, Any, T]`` is read as ``T``.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
import subprocess
import sys
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from actions_sdk import AsyncManagementClient, AsyncPager, ManagementClient, SyncPager
from actions_sdk.resources._base import AsyncResource, SyncResource

ROOT = Path(__file__).resolve().parent.parent

# Sync name → async name where the two differ on purpose.
LIFECYCLE = {"close": "aclose", "__enter__": "__aenter__", "__exit__": "__aexit__"}


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_async", ROOT / "scripts" / "gen_async.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_async_namespaces_are_up_to_date():
    generator = load_generator()
    expected = generator.generate_all()
    # Every generated file on disk is one the generator writes (no stale leftovers), in both
    # generated packages: the namespaces' and the client's.
    on_disk = {
        *(ROOT / "actions_sdk" / "resources" / "_async").glob("*.py"),
        *(ROOT / "actions_sdk" / "_async").glob("*.py"),
    }
    assert set(expected) == on_disk
    stale = [
        str(path.relative_to(ROOT))
        for path, content in expected.items()
        if path.read_text(encoding="utf-8") != content
    ]
    assert stale == [], f"run `python scripts/gen_async.py`; stale: {stale}"


def test_generator_check_mode_reports_nothing_stale():
    assert load_generator().main(["--check"]) == 0


# -- surfaces -------------------------------------------------------------------------------


def neutral(annotation: Any) -> str:
    """An annotation with ``Sync``/``Async`` prefixes removed (``AsyncPager`` → ``Pager``)."""
    text = annotation if isinstance(annotation, str) else inspect.formatannotation(annotation)
    return re.sub(r"\b(?:Sync|Async)(?=[A-Z])", "", text)


def returns_pager(annotation: Any) -> bool:
    return neutral(annotation).startswith("Pager[")


def signature_problems(path: str, sync_fn: Any, async_fn: Any) -> list[str]:
    sync_sig = inspect.signature(sync_fn)
    async_sig = inspect.signature(async_fn)
    problems = []
    sync_params = [
        (p.name, p.kind, p.default, neutral(p.annotation)) for p in sync_sig.parameters.values()
    ]
    async_params = [
        (p.name, p.kind, p.default, neutral(p.annotation)) for p in async_sig.parameters.values()
    ]
    if sync_params != async_params:
        problems.append(f"{path}: parameters differ: {sync_params} != {async_params}")
    if neutral(sync_sig.return_annotation) != neutral(async_sig.return_annotation):
        problems.append(
            f"{path}: return types differ: {sync_sig.return_annotation} != "
            f"{async_sig.return_annotation}"
        )
    return problems


def public_names(obj: Any) -> set[str]:
    names = {name for name in dir(type(obj)) if not name.startswith("_")}
    return names | {name for name in LIFECYCLE if hasattr(type(obj), name)}


def surface_problems(sync_obj: Any, async_obj: Any, path: str, paths: list[str]) -> list[str]:
    """Compare two objects' public surfaces recursively; collect the dotted paths visited."""
    problems: list[str] = []
    expected_async = {LIFECYCLE.get(name, name) for name in public_names(sync_obj)}
    for extra in sorted(public_names(async_obj) - expected_async - set(LIFECYCLE.values())):
        problems.append(f"{path}.{extra}: only on the async client")
    for name in sorted(public_names(sync_obj)):
        async_name = LIFECYCLE.get(name, name)
        where = f"{path}.{name}"
        sync_attr = inspect.getattr_static(type(sync_obj), name)
        async_attr = inspect.getattr_static(type(async_obj), async_name, None)
        if async_attr is None:
            problems.append(f"{where}: missing on the async client")
            continue
        if isinstance(sync_attr, property | cached_property):
            if type(async_attr) is not type(sync_attr):
                problems.append(f"{where}: {type(sync_attr).__name__} on the sync client only")
                continue
            getter = sync_attr.fget if isinstance(sync_attr, property) else sync_attr.func
            async_getter = async_attr.fget if isinstance(async_attr, property) else async_attr.func
            problems += signature_problems(where, getter, async_getter)
            sync_value = getattr(sync_obj, name)
            if isinstance(sync_value, SyncResource):
                async_value = getattr(async_obj, async_name)
                if not isinstance(async_value, AsyncResource):
                    problems.append(f"{where}: not an async namespace on the async client")
                    continue
                paths.append(where)
                problems += surface_problems(sync_value, async_value, where, paths)
            else:
                paths.append(where)
            continue
        sync_fn = getattr(sync_obj, name)
        async_fn = getattr(async_obj, async_name)
        problems += signature_problems(where, sync_fn, async_fn)
        sends = isinstance(sync_obj, SyncResource) and not returns_pager(
            inspect.signature(sync_fn).return_annotation
        )
        should_await = sends or name in LIFECYCLE
        if inspect.iscoroutinefunction(async_fn) != should_await:
            state = "a coroutine" if should_await else "a plain function"
            problems.append(f"{where}: should be {state} on the async client")
        if name not in LIFECYCLE:
            paths.append(where)
    return problems


def clients() -> tuple[ManagementClient[Any, Any, Any], AsyncManagementClient[Any, Any, Any]]:
    sync_client = ManagementClient.for_auth0(
        "tenant.example", token="t", http_client=httpx.Client()
    )
    async_client = AsyncManagementClient.for_auth0(
        "tenant.example", token="t", http_client=httpx.AsyncClient()
    )
    return sync_client, async_client


def test_every_public_sync_method_has_an_async_counterpart_with_the_same_signature():
    sync_client, async_client = clients()
    paths: list[str] = []
    assert surface_problems(sync_client, async_client, "client", paths) == []
    # The walk really went down the namespace tree.
    for expected in (
        "client.actions.get",
        "client.actions.list",
        "client.actions.versions.deploy",
        "client.actions.triggers.bindings.update_many",
        "client.actions.modules.versions.get",
        "client.for_zitadel",
        "client.with_options",
    ):
        assert expected in paths
    sync_client._state.http.close()


class DriftedSync(SyncResource):
    def get(self, item_id: str, /) -> int:
        raise NotImplementedError

    def list(self, *, per_page: int = 5) -> SyncPager[int]:
        raise NotImplementedError

    def delete(self, item_id: str, /) -> None:
        raise NotImplementedError

    def rename(self, item_id: str, /, *, name: str) -> int:
        raise NotImplementedError


class DriftedAsync(AsyncResource):
    async def get(self, item_id: str) -> int:  # no longer positional-only
        raise NotImplementedError

    async def list(self, *, per_page: int = 10) -> AsyncPager[int]:  # a coroutine, new default
        raise NotImplementedError

    def rename(self, item_id: str, /, *, name: str) -> int:  # not awaited
        raise NotImplementedError

    async def extra(self) -> None:
        raise NotImplementedError


def test_the_parity_check_fails_when_the_surfaces_drift_apart():
    problems = surface_problems(DriftedSync(None, None), DriftedAsync(None, None), "x", [])  # type: ignore[arg-type]
    text = "\n".join(problems)
    assert "x.delete: missing on the async client" in text
    assert "x.extra: only on the async client" in text
    assert "x.get: parameters differ" in text
    assert "x.list: parameters differ" in text
    assert "x.list: should be a plain function" in text
    assert "x.rename: should be a coroutine" in text
    assert len(problems) == 6


# -- static types ---------------------------------------------------------------------------


def mypy_reveals(snippet: str, tmp_path: Path) -> list[str]:
    source = tmp_path / "surface.py"
    source.write_text(snippet, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-error-summary",
            "--cache-dir",
            str(tmp_path / "mypy-cache"),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    notes = re.findall(r'note: Revealed type is "(.*)"', result.stdout)
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    assert errors == [], result.stdout
    return notes


def strip_coroutines(text: str) -> str:
    """Replace every ``typing.Coroutine[Any, Any, X]`` by ``X`` (overloads have several)."""
    opener = "typing.Coroutine[Any, Any, "
    while (start := text.find(opener)) >= 0:
        depth, end = 1, start + len(opener)
        while depth:
            depth += {"[": 1, "]": -1}.get(text[end], 0)
            end += 1
        text = text[:start] + text[start + len(opener) : end - 1] + text[end:]
    return text


def as_sync(revealed: str) -> str:
    """Read a revealed async type as its sync twin."""
    # mypy omits "-> None" in a sync signature: drop the coroutine of None first.
    text = re.sub(r" -> typing\.Coroutine\[Any, Any, None\](?=[,)]|$)", "", revealed)
    text = strip_coroutines(text)
    # The generated twins live in ``_async`` packages: resources/_async/ and the client's _async/.
    text = text.replace("._async.", ".")
    return re.sub(r"\b(?:Sync|Async)(?=[A-Z])", "", text)


@pytest.mark.parametrize(
    ("provider", "api", "model"),
    [
        ("auth0", "", "actions_sdk.providers.auth0.models.Action"),
        ("zitadel", "", "ZitadelAction"),
        ("zitadel", ', api="v2"', "actions_sdk.providers.zitadel.models_v2.ZitadelTarget"),
    ],
)
def test_mypy_sees_the_same_types_on_both_clients(provider, api, model, tmp_path):
    sync_client, async_client = clients()
    paths: list[str] = []
    surface_problems(sync_client, async_client, "client", paths)
    sync_client._state.http.close()
    lines = [
        "from actions_sdk import AsyncManagementClient, ManagementClient",
        f's = ManagementClient.for_{provider}("x.example", token="t"{api})',
        f'a = AsyncManagementClient.for_{provider}("x.example", token="t"{api})',
    ]
    for path in paths:
        attribute = path.removeprefix("client")
        lines += [f"reveal_type(s{attribute})", f"reveal_type(a{attribute})"]
    notes = mypy_reveals("\n".join(lines) + "\n", tmp_path)
    assert len(notes) == 2 * len(paths)
    differences = [
        f"{path}:\n  sync:  {sync_type}\n  async: {async_type}"
        for path, sync_type, async_type in zip(paths, notes[::2], notes[1::2], strict=True)
        if as_sync(async_type) != re.sub(r"\b(?:Sync|Async)(?=[A-Z])", "", sync_type)
    ]
    assert differences == [], "\n".join(differences)
    # The vendor's models really are in the types (not Any), per API version for ZITADEL.
    get_type = notes[2 * paths.index("client.actions.get")]
    assert model in get_type


def test_mypy_infers_each_factory_s_model_parameters(tmp_path):
    # The async factories are generated from the sync ones: their return types must still name
    # the async class with the vendor's models, not the sync class and not Any.
    models = {
        "auth0": "Action, ActionTrigger, ActionBinding",
        "zitadel": "ZitadelAction, ZitadelTrigger, ZitadelBinding",
    }
    lines = [
        "from typing import assert_type",
        "from actions_sdk import AsyncManagementClient, ManagementClient",
        "from actions_sdk.models.auth0 import Action, ActionBinding, ActionTrigger",
        "from actions_sdk.models.zitadel import ZitadelAction, ZitadelBinding, ZitadelTrigger",
        'reveal_type(AsyncManagementClient.for_auth0("x.example", token="t").aclose)',
    ]
    for client in ("ManagementClient", "AsyncManagementClient"):
        for vendor, parameters in models.items():
            made = f'{client}.for_{vendor}("x.example", token="t")'
            lines.append(f"assert_type({made}, {client}[{parameters}])")
    snippet = "\n".join(lines) + "\n"
    notes = mypy_reveals(snippet, tmp_path)
    assert notes == ["def () -> typing.Coroutine[Any, Any, None]"]


def test_the_generated_client_keeps_the_factories_documentation():
    # help() shows the whole docstring on both clients, written once in the sync client.
    for factory in ("for_auth0", "for_zitadel"):
        sync_doc = inspect.getdoc(getattr(ManagementClient, factory)) or ""
        async_doc = inspect.getdoc(getattr(AsyncManagementClient, factory)) or ""
        assert "Args:" in sync_doc
        assert async_doc.startswith("Create an async client for")
        assert "httpx.AsyncClient" in async_doc
        assert "httpx.Client`" not in async_doc
        assert async_doc.count("\n") == sync_doc.count("\n")


def test_the_factories_shared_keywords_stay_typed_for_callers(tmp_path: Path) -> None:
    # The keywords live in TypedDicts (``**options: Unpack[...]``): mypy must still name a
    # misspelt keyword or a wrong type, and tell the sync and async http_client apart. Under
    # --strict an ignore that suppresses nothing is itself an error, so each line proves mypy
    # flags it.
    snippet = (
        "import httpx\n"
        "from actions_sdk import AsyncManagementClient, ManagementClient\n"
        'ManagementClient.for_auth0("x.example", tokne="t")  # type: ignore[call-arg]\n'
        # for_zitadel is overloaded on api=: a bad keyword matches no overload.
        'ManagementClient.for_zitadel("x.example", token=1)  # type: ignore[call-overload]\n'
        "ManagementClient.for_zitadel(\n"
        '    "x.example", api="v2", tokne="t"  # type: ignore[call-overload]\n'
        ")\n"
        "AsyncManagementClient.for_auth0(\n"
        '    "x.example", token="t", http_client=httpx.Client()  # type: ignore[arg-type]\n'
        ")\n"
        'ManagementClient.for_zitadel("x.example", token="t", allow_insecure_http=True)\n'
    )
    assert mypy_reveals(snippet, tmp_path) == []
