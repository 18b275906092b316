"""The shared converter factory: strict JSON hooks and the generated fast path, for any provider.

Most tests run twice: on a converter that keeps field names and on one that renames them to
camelCase (as ZITADEL's does), with the wire data spelled to match.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

import attrs
import cattrs
import pytest
from cattrs.gen import make_dict_structure_fn

from actions_sdk.errors import DecodeError
from actions_sdk.models._common import OpenEnum
from actions_sdk.models.auth0 import Action
from actions_sdk.providers import _converters
from actions_sdk.providers._converters import decode, make_converter, to_camel
from actions_sdk.providers.auth0 import provider as auth0
from actions_sdk.providers.zitadel import _converter as zitadel_converter
from actions_sdk.providers.zitadel import v1 as zitadel
from tests.providers.zitadel.zitadel_helpers import flow_json

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"

# -- small local models ---------------------------------------------------------------------------


class Color(OpenEnum):
    RED = "red"
    BLUE = "blue"


@attrs.frozen(kw_only=True)
class Leaf:
    leaf_id: str
    size_count: int | None = None
    color: Color | None = None
    seen_at: datetime | None = None


@attrs.frozen(kw_only=True)
class Tree:
    tree_id: str
    is_enabled: bool = False
    label_names: tuple[str, ...] = ()
    leaves: tuple[Leaf, ...] = ()
    main_leaf: Leaf | None = None
    max_depth: int = 10


TREE: dict[str, Any] = {
    "tree_id": "t1",
    "is_enabled": True,
    "label_names": ["a", "b"],
    "leaves": [
        {"leaf_id": "l1", "size_count": 2.0, "color": "red", "seen_at": "2024-01-01T00:00:00Z"},
        {"leaf_id": "l2", "color": "violet", "seen_at": "2024-01-01T02:00:00"},
    ],
    "main_leaf": {"leaf_id": "l3", "size_count": None},
    "max_depth": 3,
    "not_a_field": {"ignored": True},
}

EXPECTED = Tree(
    tree_id="t1",
    is_enabled=True,
    label_names=("a", "b"),
    leaves=(
        Leaf(leaf_id="l1", size_count=2, color=Color.RED, seen_at=datetime(2024, 1, 1, tzinfo=UTC)),
        Leaf(leaf_id="l2", color=Color("violet"), seen_at=datetime(2024, 1, 1, 2, tzinfo=UTC)),
    ),
    main_leaf=Leaf(leaf_id="l3"),
    max_depth=3,
)


def camelize(data: Any) -> Any:
    """Spell every key of ``data`` in camelCase, recursively."""
    if isinstance(data, dict):
        return {to_camel(key): camelize(value) for key, value in data.items()}
    if isinstance(data, list):
        return [camelize(item) for item in data]
    return data


class Flavour(NamedTuple):
    fast: cattrs.Converter
    slow: cattrs.Converter
    wire: Callable[[Any], Any]


def _flavour(name: str) -> Flavour:
    if name == "camel":
        return Flavour(
            make_converter(rename=to_camel),
            make_converter(rename=to_camel, fast_path=False),
            camelize,
        )
    return Flavour(make_converter(), make_converter(fast_path=False), lambda data: data)


@pytest.fixture(params=["snake", "camel"])
def flavour(request: pytest.FixtureRequest) -> Flavour:
    return _flavour(request.param)


@pytest.fixture
def fallbacks(monkeypatch: pytest.MonkeyPatch) -> list[type[Any]]:
    """Record every call of cattrs' detailed hooks in converters built after this fixture."""
    calls: list[type[Any]] = []
    real = make_dict_structure_fn

    def recording(cls: type[Any], converter: Any, **kwargs: Any) -> Any:
        slow = real(cls, converter, **kwargs)

        def hook(value: Any, tp: Any) -> Any:
            calls.append(tp)
            return slow(value, tp)

        return hook

    monkeypatch.setattr(_converters, "make_dict_structure_fn", recording)
    return calls


def failure(converter: cattrs.Converter, data: Any, cls: type[Any] = Tree) -> DecodeError:
    with pytest.raises(DecodeError) as caught:
        decode(converter, data, cls, what="tree")
    return caught.value


# -- valid data -----------------------------------------------------------------------------------


def test_wire_data_structures_into_the_model(flavour):
    wire = flavour.wire(TREE)
    tree = flavour.fast.structure(wire, Tree)
    assert tree == EXPECTED
    assert tree == flavour.slow.structure(wire, Tree)
    assert type(tree.leaves[0].size_count) is int
    assert tree.leaves[1].seen_at is not None
    assert tree.leaves[1].seen_at.tzinfo is UTC  # a naive timestamp is taken as UTC
    assert tree.leaves[1].color is not None
    assert not tree.leaves[1].color.is_known


def test_absent_and_null_lists_are_empty_and_absent_scalars_take_defaults(flavour):
    wire = flavour.wire({"tree_id": "t", "label_names": None, "leaves": None})
    assert flavour.fast.structure(wire, Tree) == Tree(tree_id="t")
    assert flavour.fast.structure(flavour.wire({"tree_id": "t"}), Tree) == Tree(tree_id="t")


def test_only_wire_names_are_read():
    camel = make_converter(rename=to_camel)
    tree = camel.structure({"treeId": "t", "max_depth": 3, "isEnabled": True}, Tree)
    assert tree == Tree(tree_id="t", is_enabled=True)  # max_depth is spelled maxDepth here
    error = failure(camel, {"tree_id": "t"})
    assert error.field == "tree.tree_id"  # paths name the model's fields, not the wire's


def test_overrides_take_precedence_over_rename():
    converter = make_converter(rename=to_camel, overrides={Leaf: {"leaf_id": "id"}})
    leaf = converter.structure({"id": "l1", "leafId": "ignored", "sizeCount": 4}, Leaf)
    assert leaf == Leaf(leaf_id="l1", size_count=4)
    error = failure(converter, {"treeId": "t", "mainLeaf": {"leafId": "l1"}})
    assert error.field == "tree.main_leaf.leaf_id"


def test_a_mapping_that_is_not_a_dict_is_accepted(flavour):
    assert flavour.fast.structure(MappingProxyType(flavour.wire(TREE)), Tree) == EXPECTED


# -- strictness -----------------------------------------------------------------------------------


def _with(**changes: Any) -> dict[str, Any]:
    return {**TREE, **changes}


def _leaf0(**changes: Any) -> dict[str, Any]:
    return _with(leaves=[{**TREE["leaves"][0], **changes}])


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        (_with(tree_id=7), "tree_id", "expected a string, got int"),
        (_with(tree_id=None), "tree_id", "expected a string, got NoneType"),
        ({"is_enabled": True}, "tree_id", "missing required field"),
        (_with(is_enabled=1), "is_enabled", "expected a boolean, got int"),
        (_with(max_depth=True), "max_depth", "expected an integer, got True"),
        (_with(max_depth=1.5), "max_depth", "expected an integer, got 1.5"),
        (_with(max_depth="3"), "max_depth", "expected an integer, got '3'"),
        (_with(max_depth=None), "max_depth", "expected an integer, got None"),
        (_with(label_names="ab"), "label_names", "expected a list, got str"),
        (_with(label_names=["a", 1]), "label_names[1]", "expected a string, got int"),
        (_with(leaves={"leaf_id": "l"}), "leaves", "expected a list, got dict"),
        (_with(leaves=["l1"]), "leaves[0]", "expected a JSON object, got str"),
        (_with(main_leaf="l3"), "main_leaf", "expected a JSON object, got str"),
        (_with(main_leaf=[]), "main_leaf", "expected a JSON object, got list"),
        (_with(main_leaf={"size_count": 1}), "main_leaf.leaf_id", "missing required field"),
        (_leaf0(seen_at=1704067200), "leaves[0].seen_at", "expected a timestamp string, got int"),
        (_leaf0(seen_at="yesterday"), "leaves[0].seen_at", "not a timestamp: 'yesterday'"),
        (_leaf0(color=1), "leaves[0].color", "expected a string for Color, got int"),
        (_leaf0(size_count=[2]), "leaves[0].size_count", "expected an integer, got [2]"),
    ],
)
def test_wrong_json_types_are_decode_errors_naming_the_field(flavour, data, field, reason):
    error = failure(flavour.fast, flavour.wire(data))
    assert error.field == f"tree.{field}"
    assert reason in str(error)
    # The fast path changes nothing about the report: the detailed hooks say the same.
    slow_error = failure(flavour.slow, flavour.wire(data))
    assert (slow_error.field, str(slow_error)) == (error.field, str(error))


def test_a_bare_missing_key_reads_missing_required_field():
    error = failure(make_converter(), {"label_names": []})
    assert str(error) == "cannot decode tree.tree_id: missing required field"


@pytest.mark.parametrize("data", [["t1"], "t1", 7, None])
def test_a_top_level_non_object_is_a_decode_error(flavour, data):
    error = failure(flavour.fast, data)
    assert error.field == "tree"
    assert "expected a JSON object" in str(error)
    assert str(failure(flavour.slow, data)) == str(error)


# -- shapes the vendor models do not use (yet) ----------------------------------------------------


def _positive(_instance: Any, _attribute: Any, value: int) -> None:
    if value < 0:
        raise ValueError("must not be negative")


@attrs.frozen(kw_only=True)
class _Odd:
    count: int = attrs.field(default=0, validator=_positive)
    sizes: tuple[int, ...] = ()
    stamp: datetime | None = None


@attrs.frozen(kw_only=True)
class _Plain:
    limit: int = 10
    name: str = "x"


def test_fast_path_keeps_validators_non_none_defaults_and_scalar_lists(flavour):
    odd = flavour.fast.structure(
        {"count": 2.0, "sizes": [1, 2.0], "stamp": "2024-01-01T00:00:00"}, _Odd
    )
    assert odd == _Odd(count=2, sizes=(1, 2), stamp=datetime(2024, 1, 1, tzinfo=UTC))
    assert flavour.fast.structure({}, _Odd) == _Odd()
    with pytest.raises(DecodeError) as caught:
        decode(flavour.fast, {"count": -1}, _Odd, what="odd")
    assert "must not be negative" in str(caught.value)
    with pytest.raises(DecodeError) as caught:
        decode(flavour.fast, {"sizes": [1, "2"]}, _Odd, what="odd")
    assert caught.value.field == "odd.sizes[1]"


def test_fast_path_absent_key_takes_a_non_none_default_but_null_is_an_error(flavour):
    assert flavour.fast.structure({}, _Plain) == _Plain()
    assert flavour.fast.structure({"limit": 3}, _Plain) == _Plain(limit=3)
    with pytest.raises(DecodeError) as caught:
        decode(flavour.fast, {"name": None}, _Plain, what="plain")
    assert caught.value.field == "plain.name"


def _upper(value: str) -> str:
    return value.upper()


@attrs.frozen(kw_only=True)
class _Shapes:
    _secret_name: str = "s"  # a private field: passed to __init__ as secret_name
    derived: str = attrs.field(init=False, default="fixed")
    tags: tuple[str, ...] = attrs.field(factory=lambda: ("default",))
    shout: str = attrs.field(default="a", converter=_upper)
    maybe: str = attrs.field(default=None)  # None default, yet not Optional


@attrs.define(slots=False)
class _Loose:
    name: str
    seen: list[str] = attrs.Factory(list)

    def __attrs_post_init__(self) -> None:
        self.seen.append("post_init")


@pytest.mark.parametrize(
    ("cls", "data"),
    [
        (_Shapes, {}),
        (_Shapes, {"secret_name": "x", "derived": "ignored", "tags": ["t"], "shout": "b"}),
        (_Shapes, {"_secret_name": "y", "tags": None, "maybe": "m"}),
        (_Loose, {"name": "n"}),
        (_Loose, {"name": "n", "seen": ["given"]}),
    ],
)
def test_unusual_attrs_shapes_give_what_the_detailed_hooks_give(flavour, cls, data):
    wire = flavour.wire(data)
    assert flavour.fast.structure(wire, cls) == flavour.slow.structure(wire, cls)


@attrs.frozen
class _Range:
    low: int
    high: int

    def __attrs_post_init__(self) -> None:
        if self.low > self.high:
            raise ValueError("low is above high")


def test_post_init_still_runs(flavour):
    assert flavour.fast.structure({"low": 1, "high": 2}, _Range) == _Range(1, 2)
    with pytest.raises(DecodeError, match="low is above high"):
        decode(flavour.fast, {"low": 2, "high": 1}, _Range)


@attrs.frozen(cache_hash=True)
class _Hashed:
    name: str


def test_cached_hashes_work(flavour):
    hashed = flavour.fast.structure({"name": "n"}, _Hashed)
    assert hash(hashed) == hash(_Hashed("n"))
    assert {hashed, _Hashed("n")} == {hashed}


def test_unusual_attrs_shapes_are_structured_like_init_would():
    converter = make_converter()
    shapes = converter.structure({"_secret_name": "y", "derived": "x", "shout": "b"}, _Shapes)
    assert (shapes._secret_name, shapes.derived, shapes.tags, shapes.shout) == (
        "y",
        "fixed",
        ("default",),
        "B",
    )
    assert attrs.asdict(shapes)["maybe"] is None  # annotated str, defaulting to None
    assert converter.structure({"name": "n"}, _Loose).seen == ["post_init"]


# -- the fast path is really taken, and provider hooks win inside it ------------------------------


def test_valid_data_never_falls_back_to_the_detailed_hooks(fallbacks):
    for name in ("snake", "camel"):
        converter = _flavour(name)
        assert converter.fast.structure(converter.wire(TREE), Tree) == EXPECTED
    nulls = {"tree_id": "t", "label_names": None, "leaves": None, "main_leaf": None}
    assert make_converter().structure(nulls, Tree) == Tree(tree_id="t")
    assert make_converter().structure({"low": 1, "high": 2}, _Range) == _Range(1, 2)
    assert fallbacks == []
    # The recording works: invalid data does reach the detailed hooks.
    with pytest.raises(cattrs.ClassValidationError):
        make_converter().structure(_with(max_depth="3"), Tree)
    assert fallbacks == [Tree]


def test_provider_hooks_win_over_the_inlined_defaults(fallbacks):
    converter = make_converter(rename=to_camel)
    # Registered after make_converter, as providers do: ints from text, a Leaf from its id alone.
    converter.register_structure_hook(int, lambda value, _: int(value))
    converter.register_structure_hook(Leaf, lambda value, _: Leaf(leaf_id=value))
    tree = converter.structure(
        {"treeId": "t", "maxDepth": "4", "leaves": ["a", "b"], "mainLeaf": "c"}, Tree
    )
    assert tree == Tree(
        tree_id="t",
        max_depth=4,
        leaves=(Leaf(leaf_id="a"), Leaf(leaf_id="b")),
        main_leaf=Leaf(leaf_id="c"),
    )
    assert fallbacks == []


def test_provider_hooks_win_for_nested_classes_and_timedelta(fallbacks):
    @attrs.frozen(kw_only=True)
    class Timed:
        color: Color
        wait_for: timedelta = timedelta(0)
        count: int = 0

    converter = make_converter(rename=to_camel)
    converter.register_structure_hook(timedelta, lambda value, _: timedelta(seconds=int(value)))
    converter.register_structure_hook(Color, lambda value, cls: cls(value["id"]))
    timed = converter.structure({"color": {"id": "blue"}, "waitFor": "5", "count": 2.0}, Timed)
    assert timed == Timed(color=Color.BLUE, wait_for=timedelta(seconds=5), count=2)
    assert fallbacks == []


def test_zitadel_hooks_win_inside_the_fast_path(fallbacks):
    converter = zitadel_converter._build_converter()
    response = converter.structure(
        ZITADEL_FIXTURES["get_action.json"][1](), zitadel._GetActionResponse
    )
    assert response.action.timeout == timedelta(seconds=10)  # "10s": the duration hook
    assert response.action.details is not None
    assert response.action.details.sequence == 2  # "2": the uint64 hook
    flow = converter.structure(
        flow_json("2", {"5": [{"id": "a", "timeout": "1.5s"}]}), zitadel._GetFlowResponse
    ).flow
    assert flow.type == "2"  # {"id": "2", "name": ...}: the FlowType hook, not OpenEnum's
    assert flow.trigger_actions[0].trigger_type == "5"
    assert fallbacks == []


# -- fast and detailed hooks agree on the vendors' fixtures ---------------------------------------


def _load(vendor: str, name: str) -> Callable[[], Any]:
    return lambda: json.loads((FIXTURES / vendor / name).read_text(encoding="utf-8"))


AUTH0_FIXTURES: dict[str, tuple[type[Any], Callable[[], Any]] | None] = {
    "update_action_response.json": (Action, _load("auth0", "update_action_response.json")),
    "create_action_response.json": (Action, _load("auth0", "create_action_response.json")),
    "create_action_response_go.json": (Action, _load("auth0", "create_action_response_go.json")),
    "update_bindings_response.json": (
        auth0._BindingList,
        _load("auth0", "update_bindings_response.json"),
    ),
    # Request bodies are only ever unstructured.
    "create_action_request.json": None,
    "update_bindings_request.json": None,
}

ZITADEL_FIXTURES: dict[str, tuple[type[Any], Callable[[], Any]]] = {
    "get_action.json": (zitadel._GetActionResponse, _load("zitadel", "get_action.json")),
}


def test_every_fixture_is_compared():
    assert {p.name for p in (FIXTURES / "auth0").glob("*.json")} == set(AUTH0_FIXTURES)
    assert {p.name for p in (FIXTURES / "zitadel").glob("*.json")} == set(ZITADEL_FIXTURES)


def _cases() -> Iterator[Any]:
    for name, entry in AUTH0_FIXTURES.items():
        if entry is not None:
            yield pytest.param("auth0", *entry, id=f"auth0-{name}")
    for name, entry in ZITADEL_FIXTURES.items():
        yield pytest.param("zitadel", *entry, id=f"zitadel-{name}")
    flow = {"2": [{"id": "b"}, {"id": "a", "timeout": "1.5s"}], "9": [{"id": "c"}]}
    yield pytest.param(
        "zitadel", zitadel._GetFlowResponse, lambda: flow_json("2", flow), id="zitadel-flow"
    )


def _converter_pair(vendor: str, fast_path: bool) -> cattrs.Converter:
    if vendor == "auth0":
        return make_converter(fast_path=fast_path)
    return zitadel_converter._build_converter(fast_path=fast_path)


@pytest.mark.parametrize(("vendor", "cls", "load"), list(_cases()))
def test_fast_and_detailed_hooks_agree_on_vendor_fixtures(fallbacks, vendor, cls, load):
    fast = _converter_pair(vendor, fast_path=True).structure(load(), cls)
    assert fallbacks == []  # the fast path handled the whole fixture itself
    slow = _converter_pair(vendor, fast_path=False).structure(load(), cls)
    assert fallbacks  # and the comparison really ran the detailed hooks
    assert fast == slow
    # The providers' own converters are built the same way.
    provider = auth0.AUTH0_CONVERTER if vendor == "auth0" else zitadel.ZITADEL_CONVERTER
    assert provider.structure(load(), cls) == fast


# -- open enums -----------------------------------------------------------------------------------


def test_unknown_enum_values_are_cached_up_to_a_bound():
    class Shade(OpenEnum):
        LIGHT = "light"
        DARK = "dark"
        DIM = "dark"  # an alias: no entry of its own

    first = [Shade(f"u{i}") for i in range(256)]
    assert all(Shade(f"u{i}") is member for i, member in enumerate(first))
    assert len(Shade._value2member_map_) == 2 + 256
    beyond = Shade("u256")
    assert len(Shade._value2member_map_) == 2 + 256
    assert isinstance(beyond, Shade)
    assert beyond == "u256"
    assert beyond == Shade("u256")
    assert hash(beyond) == hash(Shade("u256"))
    assert beyond is not Shade("u256")  # uncached
    assert not beyond.is_known
    assert Shade("u0") is first[0]  # the cached ones stay
    assert Shade("dark") is Shade.DARK
    assert Shade["DIM"] is Shade.DARK


def test_a_direct_missing_call_answers_a_cached_value_from_the_cache():
    # msgspec calls _missing_ itself for every value outside the declared members: a value seen
    # before must come back as the cached pseudo-member, not as a new one per decode.
    class Tint(OpenEnum):
        RED = "red"

    first = Tint("teal")
    assert Tint._missing_("teal") is first
    assert len(Tint._value2member_map_) == 2
    assert Tint._missing_(5) is None  # not a string: still refused


class _Mood(OpenEnum):
    CALM = "calm"


@attrs.frozen
class _Face:
    mood: _Mood


def test_the_fast_path_structures_uncached_enum_values():
    for i in range(300):
        _Mood(f"m{i}")
    assert len(_Mood._value2member_map_) == 1 + 256
    face = make_converter().structure({"mood": "m299"}, _Face)
    assert face.mood == "m299"
    assert isinstance(face.mood, _Mood)
    assert not face.mood.is_known


def test_a_huge_junk_timestamp_is_quoted_as_a_short_excerpt() -> None:
    # fromisoformat repeats its whole input; the DecodeError must not carry 120 kB of junk.
    junk = "20x" * 40_000
    data = {"id": "a1", "name": "n", "created_at": junk}
    with pytest.raises(DecodeError, match="not a timestamp") as caught:
        decode(auth0.AUTH0_CONVERTER, data, Action, what="action")
    assert "characters" in str(caught.value)
    assert len(str(caught.value)) < 400
