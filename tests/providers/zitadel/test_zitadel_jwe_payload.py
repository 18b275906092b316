"""verify_jwe_payload / DecryptionKeySet: ZITADEL v2 JWE payloads (reference §4.3, §4.7, §8.2).

The tokens are made by the emulator as ZITADEL makes them (the JWT payload signed with the
instance's web key, encrypted to the target's active public key added through the v2 API), or
by jwcrypto with what an attacker would choose (``dir``, ``RSA1_5``, ``A128CBC-HS256``, ``zip``),
or changed by hand after the fact.
"""

from __future__ import annotations

import base64
import json
import sys
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from jwcrypto import jwe, jwk

from actions_sdk import ManagementClient
from actions_sdk.errors import ActionsSDKError, MissingDependencyError, ValidationError
from actions_sdk.testing import ManualClock, ZitadelEmulator, generate_target_key
from actions_sdk.testing._webkeys import TargetKeyPair, encrypt_jwe
from actions_sdk.webhooks.zitadel import (
    JWE_CONTENT_ENCRYPTION,
    JWE_KEY_ALGORITHMS,
    MAX_JWT_LENGTH,
    DecryptionError,
    DecryptionKeySet,
    MalformedSignatureError,
    RequestPayload,
    SignatureAlgorithmError,
    SignatureMismatchError,
    UnknownDecryptionKeyError,
    UnknownSigningKeyError,
    WebhookSignatureError,
    WebKeySet,
    parse_payload,
    verify_jwe_payload,
)

V2 = "/v2/actions"
NOW = 1_750_000_000.0
ADD_USER = {
    "fullMethod": "/zitadel.user.v2.UserService/AddHumanUser",
    "instanceID": "1",
    "request": {"username": "minnie", "password": "s3cret-passw0rd"},
}
# Generated once: key generation costs tens of milliseconds.
RSA_PAIR = generate_target_key("RSA")
EC_PAIR = generate_target_key("EC")
OTHER_RSA = generate_target_key("RSA")


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class Instance:
    """An emulated instance with one JWE target, driven through the v2 API as a user would."""

    def __init__(self) -> None:
        self.emulator = ZitadelEmulator(clock=ManualClock(NOW))
        self.http = self.emulator.client(headers={"Authorization": f"Bearer {self.emulator.pat}"})
        self.client = ManagementClient.for_zitadel(
            "zitadel.example", api="v2", token=self.emulator.pat, http_client=self.http
        )
        self.target_id = self.client.actions.create(
            name="jwe-target", endpoint="https://hooks.example.com/jwe", target_type="call",
            timeout=5, payload_type="jwe",
        ).id  # fmt: skip

    def add_key(self, pair: TargetKeyPair, *, activate: bool = True) -> str:
        key_id = self.client.actions.keys.add(self.target_id, public_key=pair.public_pem).key_id
        if activate:
            self.client.actions.keys.activate(self.target_id, key_id)
        return str(key_id)

    def jwe(self, payload: dict[str, Any] = ADD_USER) -> str:
        return self.emulator.encrypt_jwe_payload(self.target_id, payload)

    @property
    def jwks(self) -> dict[str, Any]:
        return self.emulator.web_keys.jwks()


@pytest.fixture(scope="module")
def rsa() -> Iterator[tuple[Instance, str]]:
    instance = Instance()
    key_id = instance.add_key(RSA_PAIR)
    yield instance, key_id
    instance.http.close()


def header_of(token: str) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(unb64(token.split(".")[0]))
    return decoded


def with_header(token: str, **changes: Any) -> str:
    """The token with its protected header changed (or a key removed, for ``None``)."""
    header = header_of(token)
    for name, value in changes.items():
        if value is None:
            header.pop(name, None)
        else:
            header[name] = value
    return ".".join([b64(json.dumps(header).encode()), *token.split(".")[1:]])


def genuine(plaintext: str, key: Any, header: dict[str, Any]) -> str:
    """A JWE that jwcrypto really makes with ``header``'s algorithms (decryptable by the key)."""
    algs = [header["alg"], header["enc"]]
    made = jwe.JWE(plaintext.encode(), protected=json.dumps(header), recipient=key, algs=algs)
    return str(made.serialize(compact=True))


def public_jwk(pair: TargetKeyPair) -> Any:
    return jwk.JWK.from_pem(pair.public_pem.encode())


# -- what ZITADEL sends decrypts and verifies -----------------------------------------------------


@pytest.mark.parametrize(("pair", "alg"), [(RSA_PAIR, "RSA-OAEP-256"), (EC_PAIR, "ECDH-ES+A256KW")])
def test_round_trip_through_the_api(pair: TargetKeyPair, alg: str) -> None:
    instance = Instance()
    key_id = instance.add_key(pair)
    token = instance.jwe()
    header = header_of(token)
    # What go-jose writes for ZITADEL: kid = the keyId, typ and cty JWT, A256GCM.
    assert {k: header[k] for k in ("alg", "enc", "kid", "typ", "cty")} == {
        "alg": alg,
        "enc": "A256GCM",
        "kid": key_id,
        "typ": "JWT",
        "cty": "JWT",
    }
    assert ("epk" in header) == alg.startswith("ECDH")
    claims = verify_jwe_payload(token, decryption_keys=pair.private_pem, jwks=instance.jwks)
    assert claims == ADD_USER
    payload = parse_payload(claims, expect=RequestPayload)
    assert payload.request["username"] == "minnie"
    instance.http.close()


def test_every_form_of_the_keys_and_body_decrypts_alike(rsa: tuple[Instance, str]) -> None:
    instance, key_id = rsa
    token = instance.jwe()
    pem = RSA_PAIR.private_pem
    for keys in (pem, pem.encode(), {key_id: pem}, {key_id: pem.encode()}, DecryptionKeySet(pem)):
        for body in (token, token.encode(), f"  {token}\n"):
            assert verify_jwe_payload(body, decryption_keys=keys, jwks=instance.jwks) == ADD_USER


def test_a_web_key_set_that_fetches_verifies_the_inner_jwt(rsa: tuple[Instance, str]) -> None:
    instance, _ = rsa
    keys = WebKeySet.from_issuer(instance.emulator.base_url, client=instance.http)
    token = instance.jwe({"function": "preaccesstoken"})
    assert verify_jwe_payload(token, decryption_keys=RSA_PAIR.private_pem, jwks=keys) == {
        "function": "preaccesstoken"
    }


def test_rotation_two_keys_the_kid_selects() -> None:
    instance = Instance()
    old = instance.add_key(RSA_PAIR)
    before = instance.jwe()
    new = instance.add_key(EC_PAIR)  # activating it deactivates the old one
    after = instance.jwe()
    assert header_of(before)["kid"] == old
    assert header_of(after)["kid"] == new
    both = DecryptionKeySet({old: RSA_PAIR.private_pem, new: EC_PAIR.private_pem})
    assert both.key_ids == (old, new)
    for token in (before, after):
        assert verify_jwe_payload(token, decryption_keys=both, jwks=instance.jwks) == ADD_USER
    # A target told only of the old key refuses what the new key encrypted, by name.
    with pytest.raises(UnknownDecryptionKeyError, match=new) as caught:
        verify_jwe_payload(after, decryption_keys={old: RSA_PAIR.private_pem}, jwks=instance.jwks)
    assert isinstance(caught.value, DecryptionError)
    instance.http.close()


def test_the_emulator_needs_a_jwe_target_with_an_active_key() -> None:
    instance = Instance()
    with pytest.raises(ValueError, match="no active public key"):
        instance.jwe()
    key_id = instance.add_key(RSA_PAIR, activate=False)
    with pytest.raises(ValueError, match="no active public key"):
        instance.jwe()
    keys = f"{V2}/targets/{instance.target_id}/publickeys"
    instance.http.post(f"{keys}/{key_id}/activate")
    assert header_of(instance.jwe())["kid"] == key_id
    instance.http.post(f"{keys}/{key_id}/deactivate")
    with pytest.raises(ValueError, match="no active public key"):
        instance.jwe()
    with pytest.raises(KeyError):
        instance.emulator.encrypt_jwe_payload("404", ADD_USER)
    plain = {"name": "json", "restWebhook": {}, "endpoint": "https://h.example.com/"}
    json_target = instance.http.post(f"{V2}/targets", json={**plain, "timeout": "5s"}).json()["id"]
    with pytest.raises(ValueError, match="not JWE"):
        instance.emulator.encrypt_jwe_payload(json_target, ADD_USER)
    instance.http.close()


def test_an_expired_key_is_not_encrypted_to() -> None:
    instance = Instance()
    keys = f"{V2}/targets/{instance.target_id}/publickeys"
    public = base64.b64encode(RSA_PAIR.public_pem.encode()).decode()
    key_id = instance.http.post(
        keys, json={"publicKey": public, "expirationDate": "2025-06-15T16:00:00Z"}
    ).json()["keyId"]
    instance.http.post(f"{keys}/{key_id}/activate")
    assert header_of(instance.jwe())["kid"] == key_id
    clock = instance.emulator.clock
    assert isinstance(clock, ManualClock)
    clock.advance(3600)
    with pytest.raises(ValueError, match="no active public key"):
        instance.jwe()
    instance.http.close()


# -- what does not decrypt -------------------------------------------------------------------------


def test_the_wrong_key_does_not_decrypt(rsa: tuple[Instance, str]) -> None:
    instance, key_id = rsa
    token = instance.jwe()
    with pytest.raises(DecryptionError, match="does not decrypt"):
        verify_jwe_payload(token, decryption_keys=OTHER_RSA.private_pem, jwks=instance.jwks)
    with pytest.raises(DecryptionError):
        verify_jwe_payload(
            token, decryption_keys={key_id: OTHER_RSA.private_pem}, jwks=instance.jwks
        )


@pytest.mark.parametrize("part", [1, 2, 3, 4])  # encrypted key, IV, ciphertext, tag
def test_a_changed_part_does_not_decrypt(rsa: tuple[Instance, str], part: int) -> None:
    instance, _ = rsa
    parts = instance.jwe().split(".")
    raw = bytearray(unb64(parts[part]))
    raw[len(raw) // 2] ^= 0x01
    parts[part] = b64(bytes(raw))
    with pytest.raises(DecryptionError):
        verify_jwe_payload(
            ".".join(parts), decryption_keys=RSA_PAIR.private_pem, jwks=instance.jwks
        )


def test_a_changed_header_does_not_decrypt(rsa: tuple[Instance, str]) -> None:
    instance, _ = rsa
    # The header is the AES-GCM additional data: an added field that passes every check fails.
    changed = with_header(instance.jwe(), x5t="made-up")
    with pytest.raises(DecryptionError):
        verify_jwe_payload(changed, decryption_keys=RSA_PAIR.private_pem, jwks=instance.jwks)


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ({"alg": "dir", "enc": "A256GCM"}, jwk.JWK.generate(kty="oct", size=256)),
        ({"alg": "RSA1_5", "enc": "A256GCM"}, public_jwk(RSA_PAIR)),
        ({"alg": "RSA-OAEP", "enc": "A256GCM"}, public_jwk(RSA_PAIR)),
        ({"alg": "RSA-OAEP-256", "enc": "A128CBC-HS256"}, public_jwk(RSA_PAIR)),
        ({"alg": "RSA-OAEP-256", "enc": "A128GCM"}, public_jwk(RSA_PAIR)),
        ({"alg": "ECDH-ES", "enc": "A256GCM"}, public_jwk(EC_PAIR)),
        ({"alg": "ECDH-ES+A128KW", "enc": "A256GCM"}, public_jwk(EC_PAIR)),
        ({"alg": "RSA-OAEP-256", "enc": "A256GCM", "zip": "DEF"}, public_jwk(RSA_PAIR)),
    ],
)
def test_algorithms_zitadel_does_not_use_are_refused(
    rsa: tuple[Instance, str], header: dict[str, Any], key: Any
) -> None:
    instance, key_id = rsa
    inner = instance.emulator.sign_jwt_payload(ADD_USER)
    token = genuine(inner, key, {**header, "kid": key_id, "cty": "JWT"})
    keys = {key_id: RSA_PAIR.private_pem}
    with pytest.raises(SignatureAlgorithmError):
        verify_jwe_payload(token, decryption_keys=keys, jwks=instance.jwks)


def test_the_algorithm_is_refused_before_any_key_is_looked_up(rsa: tuple[Instance, str]) -> None:
    instance, key_id = rsa
    token = with_header(instance.jwe(), alg="dir", kid="a-kid-nobody-has")
    with pytest.raises(SignatureAlgorithmError, match="dir"):
        verify_jwe_payload(
            token, decryption_keys={key_id: RSA_PAIR.private_pem}, jwks=instance.jwks
        )


def test_an_alg_that_does_not_fit_the_key_is_refused(rsa: tuple[Instance, str]) -> None:
    instance, key_id = rsa
    ec_token = genuine(
        instance.emulator.sign_jwt_payload(ADD_USER),
        public_jwk(EC_PAIR),
        {"alg": "ECDH-ES+A256KW", "enc": "A256GCM", "kid": key_id, "cty": "JWT"},
    )
    with pytest.raises(SignatureAlgorithmError, match="RSA key"):
        verify_jwe_payload(ec_token, decryption_keys=RSA_PAIR.private_pem, jwks=instance.jwks)


def test_an_epk_off_the_keys_curve_is_refused() -> None:
    instance = Instance()
    instance.add_key(EC_PAIR)
    token = instance.jwe()
    other_curve = jwk.JWK.generate(kty="EC", crv="P-384").export_public(as_dict=True)
    for epk in (other_curve, "not an object", {"kty": "RSA"}):
        with pytest.raises(MalformedSignatureError, match="epk"):
            verify_jwe_payload(
                with_header(token, epk=epk),
                decryption_keys=EC_PAIR.private_pem,
                jwks=instance.jwks,
            )
    instance.http.close()


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"cty": None}, "cty"),
        ({"cty": "json"}, "cty"),
        ({"cty": 1}, "cty"),
        ({"typ": "at+jwt"}, "typ"),
        ({"crit": ["exp"]}, "crit"),
        ({"kid": None}, "kid"),
        ({"kid": ""}, "kid"),
        ({"kid": 7}, "kid"),
        ({"kid": "k" * 201}, "kid"),
        ({"alg": None}, "alg"),
        ({"enc": None}, "enc"),
    ],
)
def test_headers_zitadel_never_sends_are_refused(
    rsa: tuple[Instance, str], changes: dict[str, Any], match: str
) -> None:
    instance, _ = rsa
    token = with_header(instance.jwe(), **changes)
    with pytest.raises(WebhookSignatureError, match=match) as caught:
        verify_jwe_payload(token, decryption_keys=RSA_PAIR.private_pem, jwks=instance.jwks)
    assert not isinstance(caught.value, DecryptionError)  # refused before decrypting


def test_an_unknown_kid_is_refused(rsa: tuple[Instance, str]) -> None:
    instance, key_id = rsa
    token = instance.jwe()
    with pytest.raises(UnknownDecryptionKeyError, match=key_id):
        verify_jwe_payload(
            token, decryption_keys={"another-key": RSA_PAIR.private_pem}, jwks=instance.jwks
        )


# -- the inner JWT goes through verify_jwt_payload ----------------------------------------------


def test_an_inner_jwt_of_another_instance_is_the_jwt_error(rsa: tuple[Instance, str]) -> None:
    instance, key_id = rsa
    forged = ZitadelEmulator().sign_jwt_payload(ADD_USER)  # a web key not in the JWKS
    token = encrypt_jwe(forged, RSA_PAIR.public_pem, key_id)
    with pytest.raises(UnknownSigningKeyError):
        verify_jwe_payload(token, decryption_keys=RSA_PAIR.private_pem, jwks=instance.jwks)


def test_an_inner_jwt_with_a_changed_payload_fails(rsa: tuple[Instance, str]) -> None:
    instance, key_id = rsa
    header, _, signature = instance.emulator.sign_jwt_payload(ADD_USER).split(".")
    changed = f"{header}.{b64(json.dumps({'function': 'x'}).encode())}.{signature}"
    token = encrypt_jwe(changed, RSA_PAIR.public_pem, key_id)
    with pytest.raises(SignatureMismatchError):
        verify_jwe_payload(token, decryption_keys=RSA_PAIR.private_pem, jwks=instance.jwks)


def test_an_encrypted_text_that_is_no_jwt_is_malformed(rsa: tuple[Instance, str]) -> None:
    instance, key_id = rsa
    for plaintext in ('{"function": "x"}', "not.a.jwt.at.all", "\u00e9t\u00e9"):
        token = genuine(
            plaintext,
            public_jwk(RSA_PAIR),
            {"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": key_id, "cty": "JWT"},
        )
        with pytest.raises(MalformedSignatureError):
            verify_jwe_payload(token, decryption_keys=RSA_PAIR.private_pem, jwks=instance.jwks)


# -- hostile or wrong input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "match"),
    [
        ("", "not a compact JWE"),
        ("a.b.c", "verify_jwt_payload"),
        ("a.b.c.d", "not a compact JWE"),
        (".b.c.d.e", "not a compact JWE"),
        ("a.b.c.d.e.f", "not a compact JWE"),
        ("!!!.b.c.d.e", "base64url"),
        (b64(b"[1]") + ".a.b.c.d", "JSON object"),
        (b64(b"{") + ".a.b.c.d", "not JSON"),
        ("x" * (MAX_JWT_LENGTH + 1), "longer"),
        (b"\xff.b.c.d.e", "non-ASCII"),
        ("\u00e9.b.c.d.e", "non-ASCII"),
    ],
)
def test_malformed_bodies(rsa: tuple[Instance, str], body: str | bytes, match: str) -> None:
    instance, _ = rsa
    with pytest.raises(MalformedSignatureError, match=match):
        verify_jwe_payload(body, decryption_keys=RSA_PAIR.private_pem, jwks=instance.jwks)


@pytest.mark.parametrize(("part", "size"), [(1, 0), (2, 16), (4, 12)])
def test_parts_of_the_wrong_size_are_malformed(
    rsa: tuple[Instance, str], part: int, size: int
) -> None:
    instance, _ = rsa
    parts = instance.jwe().split(".")
    parts[part] = b64(b"\x00" * size)
    with pytest.raises(MalformedSignatureError, match="12-byte IV"):
        verify_jwe_payload(
            ".".join(parts), decryption_keys=RSA_PAIR.private_pem, jwks=instance.jwks
        )


@pytest.mark.parametrize(
    ("keys", "match"),
    [
        (None, "DecryptionKeySet"),
        (42, "DecryptionKeySet"),
        ("", "PEM private key"),
        ("not a key", "PEM private key"),
        ("x" * 20_000, "longer"),
        (RSA_PAIR.public_pem, "public key"),
        ({}, "at least one"),
        ({"": RSA_PAIR.private_pem}, "key ids"),
        ({7: RSA_PAIR.private_pem}, "key ids"),
        ({"k": 7}, "PEM private key"),
        (
            jwk.JWK.generate(kty="OKP", crv="Ed25519").export_to_pem(True, None),
            "RSA or EC",
        ),
        (jwk.JWK.generate(kty="EC", crv="secp256k1").export_to_pem(True, None), "RSA or EC"),
    ],
)
def test_wrong_decryption_keys(rsa: tuple[Instance, str], keys: Any, match: str) -> None:
    instance, _ = rsa
    with pytest.raises(ValidationError, match=match):
        verify_jwe_payload(instance.jwe(), decryption_keys=keys, jwks=instance.jwks)


def test_wrong_other_arguments(rsa: tuple[Instance, str]) -> None:
    instance, _ = rsa
    token = instance.jwe()
    with pytest.raises(ValidationError, match="jwks"):
        verify_jwe_payload(token, decryption_keys=RSA_PAIR.private_pem, jwks=[])  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="body"):
        verify_jwe_payload(42, decryption_keys=RSA_PAIR.private_pem, jwks=instance.jwks)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="algorithms"):
        verify_jwe_payload(
            token, decryption_keys=RSA_PAIR.private_pem, jwks=instance.jwks, algorithms=["HS256"]
        )


def test_no_message_or_repr_contains_the_token_payload_or_key(rsa: tuple[Instance, str]) -> None:
    instance, key_id = rsa
    token = instance.jwe()
    parts = token.split(".")
    secrets = [
        "s3cret-passw0rd",
        "minnie",
        *(line for line in RSA_PAIR.private_pem.splitlines() if "-----" not in line),
        *(part for part in parts if len(part) > 8),
    ]
    failures: list[ActionsSDKError] = []
    tampered = [*parts[:3], parts[3][:-2] + ("AA" if parts[3][-2:] != "AA" else "BA"), parts[4]]
    cases: list[tuple[str, Any]] = [
        (".".join(tampered), RSA_PAIR.private_pem),
        (token, OTHER_RSA.private_pem),
        (token, {"other": RSA_PAIR.private_pem}),
        (with_header(token, alg="dir"), RSA_PAIR.private_pem),
        (with_header(token, cty="json"), RSA_PAIR.private_pem),
        (token, RSA_PAIR.private_pem.replace("A", "B", 3)),
        (token, RSA_PAIR.private_pem[:-40]),
    ]
    for body, keys in cases:
        try:
            verify_jwe_payload(body, decryption_keys=keys, jwks=instance.jwks)
        except ActionsSDKError as error:
            failures.append(error)
    assert len(failures) == len(cases)
    texts = [str(error) + repr(error) for error in failures]
    texts += [repr(DecryptionKeySet(RSA_PAIR.private_pem))]
    texts += [repr(DecryptionKeySet({key_id: RSA_PAIR.private_pem})), repr(RSA_PAIR)]
    for text in texts:
        for secret in secrets:
            assert secret not in text, (secret, text)
    assert key_id in texts[-2]


@pytest.mark.parametrize(("module", "match"), [("jwcrypto.jwe", r"\[jwe\]"), ("jwt", "PyJWT")])
def test_a_missing_dependency_names_its_extra(
    rsa: tuple[Instance, str], monkeypatch: pytest.MonkeyPatch, module: str, match: str
) -> None:
    instance, _ = rsa
    token = instance.jwe()
    monkeypatch.setitem(sys.modules, module, None)
    calls = [
        lambda: verify_jwe_payload(token, decryption_keys=RSA_PAIR.private_pem, jwks=instance.jwks),
        instance.jwe,  # the emulator signs (PyJWT), then encrypts (jwcrypto)
    ]
    if module.startswith("jwcrypto"):
        calls += [lambda: DecryptionKeySet(RSA_PAIR.private_pem), generate_target_key]
    for call in calls:
        with pytest.raises(MissingDependencyError, match=match):
            call()


def test_the_generated_pairs_and_the_constants() -> None:
    assert JWE_KEY_ALGORITHMS == ("RSA-OAEP-256", "ECDH-ES+A256KW")
    assert JWE_CONTENT_ENCRYPTION == "A256GCM"
    assert RSA_PAIR.public_pem.startswith("-----BEGIN PUBLIC KEY-----")
    assert "PRIVATE KEY" in EC_PAIR.private_pem
    with pytest.raises(ValueError, match="RSA"):
        generate_target_key("DSA")  # type: ignore[arg-type]


def test_a_decrypted_body_over_the_loopback_emulator(rsa: tuple[Instance, str]) -> None:
    instance, _ = rsa
    with instance.emulator.serve() as server, httpx.Client(base_url=server.url) as http:
        keys = WebKeySet.from_issuer(server.url, client=http)
        token = instance.jwe()
        assert verify_jwe_payload(token, decryption_keys=RSA_PAIR.private_pem, jwks=keys) == (
            ADD_USER
        )
