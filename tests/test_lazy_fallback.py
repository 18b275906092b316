"""The fast path's fallback (cattrs' detailed hook) is built only when the fast path misses."""

from __future__ import annotations

import attrs
import cattrs
import pytest

from actions_sdk.providers._converters import make_converter, to_camel


@attrs.frozen
class Item:
    item_id: str
    count: int = 0


def _fallback(converter: cattrs.Converter) -> object:
    hook = converter.get_structure_hook(Item)
    return hook.__globals__["slow"]


def test_a_clean_decode_builds_no_fallback_hook():
    converter = make_converter(rename=to_camel)
    assert converter.structure({"itemId": "a", "count": 2}, Item) == Item("a", 2)
    assert _fallback(converter)._hook is None  # type: ignore[attr-defined]


def test_the_first_miss_builds_it_once_and_reports_the_precise_error():
    converter = make_converter(rename=to_camel)
    for _ in range(2):
        with pytest.raises(cattrs.ClassValidationError) as info:
            converter.structure({"itemId": "a", "count": "two"}, Item)
        assert any("$.count" in line for line in cattrs.transform_error(info.value))
    built = _fallback(converter)._hook  # type: ignore[attr-defined]
    assert built is not None
    assert converter.structure({"itemId": "b", "count": 3}, Item) == Item("b", 3)
    assert _fallback(converter)._hook is built  # type: ignore[attr-defined]
