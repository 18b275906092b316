"""Write a ZITADEL v2 target in Python: verify the signature, parse the payload, answer.

The public path of :mod:`actions_sdk.providers.zitadel.webhooks` and
:mod:`actions_sdk.providers.zitadel.payloads` (the same objects)::

    from actions_sdk.webhooks.zitadel import verify_signature, parse_payload

A guide with FastAPI and Flask handlers: docs/webhooks.md.
"""

from actions_sdk.errors import (
    MalformedSignatureError,
    SignatureMismatchError,
    SignatureTimestampError,
    WebhookSignatureError,
)
from actions_sdk.providers.zitadel.payloads import (
    Claim,
    EventPayload,
    FunctionAnswer,
    FunctionOrg,
    FunctionPayload,
    MetadataEntry,
    RequestPayload,
    ResponsePayload,
    SamlAttribute,
)
from actions_sdk.providers.zitadel.webhooks import (
    DEFAULT_TOLERANCE,
    MAX_SIGNATURE_HEADER_LENGTH,
    SIGNATURE_HEADER,
    Payload,
    forward_error,
    function_answer,
    parse_payload,
    sign_payload,
    verify_signature,
)

__all__ = [
    "DEFAULT_TOLERANCE",
    "MAX_SIGNATURE_HEADER_LENGTH",
    "SIGNATURE_HEADER",
    "Claim",
    "EventPayload",
    "FunctionAnswer",
    "FunctionOrg",
    "FunctionPayload",
    "MalformedSignatureError",
    "MetadataEntry",
    "Payload",
    "RequestPayload",
    "ResponsePayload",
    "SamlAttribute",
    "SignatureMismatchError",
    "SignatureTimestampError",
    "WebhookSignatureError",
    "forward_error",
    "function_answer",
    "parse_payload",
    "sign_payload",
    "verify_signature",
]
