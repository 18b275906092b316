"""ApiError's one constructor: details become attributes, subclasses declare only their extras."""

from __future__ import annotations

import pickle

import httpx
import pytest

from actions_sdk.errors import (
    ApiError,
    BadRequestError,
    NotFoundError,
    RateLimitError,
    make_api_error,
)


def test_given_details_are_attributes_and_the_others_are_none() -> None:
    response = httpx.Response(404)
    error = NotFoundError("no such action", status_code=404, response=response, request_id="r1")
    assert (error.status_code, error.message, error.request_id) == (404, "no such action", "r1")
    assert error.response is response
    assert (error.body, error.error_code, error.grpc_code) == (None, None, None)
    assert str(error) == "404: no such action (request id r1)"


def test_a_subclass_takes_its_extras_through_the_same_constructor() -> None:
    error = RateLimitError("slow down", status_code=429, retry_after=2.5, limit=10, error_code="x")
    assert (error.retry_after, error.limit, error.remaining, error.reset) == (2.5, 10, None, None)
    assert str(error) == "429 x: slow down"


@pytest.mark.parametrize("cls", [ApiError, BadRequestError])
def test_a_keyword_the_class_does_not_declare_is_a_type_error(cls: type[ApiError]) -> None:
    # retry_after belongs to RateLimitError only.
    with pytest.raises(TypeError, match=rf"{cls.__name__}\(\) got an unexpected keyword "):
        cls("bad", status_code=400, retry_after=1.0)  # type: ignore[call-arg]


def test_make_api_error_keeps_rate_limit_details_for_a_429_only() -> None:
    limited = make_api_error("slow", status_code=429, retry_after=3.0, reset=99)
    assert isinstance(limited, RateLimitError)
    assert (limited.retry_after, limited.reset) == (3.0, 99)
    other = make_api_error("bad", status_code=400, retry_after=3.0, error_code="invalid_body")
    assert type(other) is BadRequestError
    assert other.error_code == "invalid_body"
    assert not hasattr(other, "retry_after")


def test_an_api_error_survives_pickling_with_its_details_and_notes() -> None:
    # multiprocessing and pytest-xdist pickle exceptions; the default rebuilds from str() only.
    error = RateLimitError("slow", status_code=429, retry_after=2.0, error_code="too_many")
    error.add_note("while waiting for action a1")
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes
    assert type(copy) is RateLimitError
    assert (copy.status_code, copy.retry_after, copy.error_code) == (429, 2.0, "too_many")
    assert str(copy) == str(error)
    assert copy.__notes__ == ["while waiting for action a1"]
    plain = pickle.loads(pickle.dumps(NotFoundError("gone", status_code=404)))  # noqa: S301
    assert (type(plain), plain.message, plain.body) == (NotFoundError, "gone", None)
