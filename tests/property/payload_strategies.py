"""Hypothesis strategies shared by the JWT and JWE payload properties: JSON as ZITADEL sends it."""

from __future__ import annotations

from hypothesis import strategies as st

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
# Payloads as ZITADEL sends them never carry exp/nbf/iat; keep them out (they are time-checked).
payloads = st.dictionaries(
    st.text(max_size=12).filter(lambda key: key not in {"exp", "nbf", "iat"}),
    json_values,
    max_size=6,
)
