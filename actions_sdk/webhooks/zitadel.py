"""Write a ZITADEL v2 target in Python: verify the signature, parse the payload, answer.

The public path of :mod:`actions_sdk.providers.zitadel.webhooks`,
:mod:`actions_sdk.providers.zitadel.jwt_payloads`,
:mod:`actions_sdk.providers.zitadel.jwe_payloads` and
:mod:`actions_sdk.providers.zitadel.payloads` (the same objects)::

    from actions_sdk.webhooks.zitadel import verify_signature, parse_payload
    from actions_sdk.webhooks.zitadel import WebKeySet, verify_jwt_payload  # JWT payloads
    from actions_sdk.webhooks.zitadel import DecryptionKeySet, verify_jwe_payload  # JWE payloads

A guide with FastAPI and Flask handlers: docs/webhooks.md.
"""

from actions_sdk.errors import (
    DecryptionError,
    IssuerMismatchError,
    MalformedSignatureError,
    SignatureAlgorithmError,
    SignatureMismatchError,
    SignatureTimestampError,
    UnknownDecryptionKeyError,
    UnknownSigningKeyError,
    WebhookSignatureError,
)
from actions_sdk.providers.zitadel.jwe_payloads import (
    JWE_CONTENT_ENCRYPTION,
    JWE_KEY_ALGORITHMS,
    DecryptionKeySet,
    verify_jwe_payload,
)
from actions_sdk.providers.zitadel.jwt_payloads import (
    DEFAULT_LEEWAY,
    JWKS_PATH,
    JWT_ALGORITHMS,
    MAX_JWT_LENGTH,
    WebKeySet,
    fetch_web_keys,
    verify_jwt_payload,
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
    "DEFAULT_LEEWAY",
    "DEFAULT_TOLERANCE",
    "JWE_CONTENT_ENCRYPTION",
    "JWE_KEY_ALGORITHMS",
    "JWKS_PATH",
    "JWT_ALGORITHMS",
    "MAX_JWT_LENGTH",
    "MAX_SIGNATURE_HEADER_LENGTH",
    "SIGNATURE_HEADER",
    "Claim",
    "DecryptionError",
    "DecryptionKeySet",
    "EventPayload",
    "FunctionAnswer",
    "FunctionOrg",
    "FunctionPayload",
    "IssuerMismatchError",
    "MalformedSignatureError",
    "MetadataEntry",
    "Payload",
    "RequestPayload",
    "ResponsePayload",
    "SamlAttribute",
    "SignatureAlgorithmError",
    "SignatureMismatchError",
    "SignatureTimestampError",
    "UnknownDecryptionKeyError",
    "UnknownSigningKeyError",
    "WebKeySet",
    "WebhookSignatureError",
    "fetch_web_keys",
    "forward_error",
    "function_answer",
    "parse_payload",
    "sign_payload",
    "verify_jwe_payload",
    "verify_jwt_payload",
    "verify_signature",
]
