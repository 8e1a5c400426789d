"""Minisign keys and signatures, read and written byte for byte as the minisign tool does.

A county signs its file with ``minisign -S`` (or ``kiosk fleet sign`` on a Windows desk
without the tool); a kiosk verifies it here with libsodium's Ed25519 (pynacl, imported
only where a signature is made or checked: the config schema parses keys without it). Both
signature forms are accepted: prehashed (``ED``: BLAKE2b-512 of the file is signed, what
minisign 0.10+ writes) and legacy (``Ed``: the file itself). The trusted comment is
covered by the second, "global" signature, so it cannot be altered either.

Formats (https://jedisct1.github.io/minisign/): a public key is base64 of
``"Ed" + key id (8) + Ed25519 key (32)``; a signature file has an untrusted comment, base64
of ``alg (2) + key id (8) + signature (64)``, ``trusted comment: …`` and base64 of the
signature over ``signature + trusted comment``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass

ALG_LEGACY = b"Ed"
ALG_PREHASHED = b"ED"
_KDF_NONE = b"\x00\x00"
_KDF_SCRYPT = b"Sc"
_CHECKSUM_ALG = b"B2"
# What minisign -G uses (libsodium's scryptsalsa208sha256 "sensitive" limits: 1 GiB, a few s).
_OPSLIMIT = 33554432
_MEMLIMIT = 1073741824
_TRUSTED_PREFIX = "trusted comment: "


class MinisignError(ValueError):
    """A key or signature that is malformed, or a signature that does not verify."""


@dataclass(frozen=True)
class PublicKey:
    key_id: bytes  # 8 bytes, as stored (minisign prints it as a little-endian hex number)
    key: bytes  # 32-byte Ed25519 public key

    @property
    def id_hex(self) -> str:
        """The key id as ``minisign`` prints it, e.g. ``8A270B8954D6986A``."""
        return self.key_id[::-1].hex().upper()

    def line(self) -> str:
        """The ``RW…`` line of a ``.pub`` file (what goes into ``[fleet] public_keys``)."""
        return base64.b64encode(ALG_LEGACY + self.key_id + self.key).decode()

    def file_text(self) -> str:
        return f"untrusted comment: minisign public key {self.id_hex}\n{self.line()}\n"


@dataclass(frozen=True)
class SecretKey:
    key_id: bytes
    seed_and_public: bytes  # 64 bytes: libsodium's Ed25519 secret key (seed + public key)

    @property
    def public(self) -> PublicKey:
        return PublicKey(self.key_id, self.seed_and_public[32:])


@dataclass(frozen=True)
class Signature:
    """A parsed ``.minisig`` file."""

    algorithm: bytes
    key_id: bytes
    signature: bytes
    trusted_comment: str
    global_signature: bytes


def _b64(text: str, what: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise MinisignError(f"{what} is not valid base64") from None


def parse_public_key(text: str) -> PublicKey:
    """A key as ``minisign -G`` prints it (``RW…``) or the whole ``.pub`` file."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if lines and lines[0].startswith("untrusted comment:"):
        lines = lines[1:]
    if len(lines) != 1:
        raise MinisignError("a minisign public key is one line of base64 starting with 'RW'")
    raw = _b64(lines[0], "the public key")
    if len(raw) != 42 or raw[:2] != ALG_LEGACY:
        raise MinisignError("not a minisign Ed25519 public key (expected 42 bytes starting with 'Ed')")
    return PublicKey(raw[2:10], raw[10:])


def parse_signature(data: bytes) -> Signature:
    """A ``.minisig`` file's four lines; :class:`MinisignError` when it is not one."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise MinisignError("the signature file is not text") from None
    lines = text.splitlines()
    if len(lines) < 4 or not lines[0].startswith("untrusted comment:"):
        raise MinisignError("the signature file is incomplete (expected 4 lines, as minisign -S writes)")
    if not lines[2].startswith(_TRUSTED_PREFIX):
        raise MinisignError("the signature file has no trusted comment line")
    raw = _b64(lines[1], "the signature")
    if len(raw) != 74 or raw[:2] not in (ALG_LEGACY, ALG_PREHASHED):
        raise MinisignError("not a minisign Ed25519 signature")
    global_signature = _b64(lines[3], "the trusted comment's signature")
    if len(global_signature) != 64:
        raise MinisignError("the trusted comment's signature has the wrong length")
    return Signature(raw[:2], raw[2:10], raw[10:], lines[2][len(_TRUSTED_PREFIX) :], global_signature)


def verify(message: bytes, signature_file: bytes, keys: list[PublicKey]) -> tuple[PublicKey, str]:
    """Check ``message`` against a ``.minisig`` made by one of ``keys``.

    Returns the key that signed and the (verified) trusted comment; raises
    :class:`MinisignError` saying what is wrong otherwise."""
    signature = parse_signature(signature_file)
    key = next((k for k in keys if k.key_id == signature.key_id), None)
    if key is None:
        known = ", ".join(k.id_hex for k in keys) or "none"
        raise MinisignError(
            f"signed with key {signature.key_id[::-1].hex().upper()}, which is not a trusted key (trusted: {known})"
        )
    import nacl.exceptions
    import nacl.signing

    signed = hashlib.blake2b(message, digest_size=64).digest() if signature.algorithm == ALG_PREHASHED else message
    verifier = nacl.signing.VerifyKey(key.key)
    try:
        verifier.verify(signed, signature.signature)
    except nacl.exceptions.BadSignatureError:
        raise MinisignError(f"the signature by key {key.id_hex} does not match the file (altered or cut)") from None
    comment = signature.trusted_comment.encode("utf-8")
    try:
        verifier.verify(signature.signature + comment, signature.global_signature)
    except nacl.exceptions.BadSignatureError:
        raise MinisignError("the trusted comment was altered after signing") from None
    return key, signature.trusted_comment


def sign(message: bytes, secret: SecretKey, trusted_comment: str, untrusted_comment: str = "") -> bytes:
    """A prehashed ``.minisig`` for ``message``, as ``minisign -S`` writes it."""
    if "\n" in trusted_comment or "\r" in trusted_comment:
        raise MinisignError("a trusted comment is one line")
    import nacl.signing

    signer = nacl.signing.SigningKey(secret.seed_and_public[:32])
    digest = hashlib.blake2b(message, digest_size=64).digest()
    signature = signer.sign(digest).signature
    global_signature = signer.sign(signature + trusted_comment.encode("utf-8")).signature
    lines = [
        f"untrusted comment: {untrusted_comment or 'signature from minisign secret key'}",
        base64.b64encode(ALG_PREHASHED + secret.key_id + signature).decode(),
        _TRUSTED_PREFIX + trusted_comment,
        base64.b64encode(global_signature).decode(),
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def generate() -> SecretKey:
    """A new key pair with a random key id."""
    import nacl.signing

    signer = nacl.signing.SigningKey.generate()
    return SecretKey(os.urandom(8), bytes(signer) + bytes(signer.verify_key))


def _checksum(key_id: bytes, secret: bytes) -> bytes:
    return hashlib.blake2b(ALG_LEGACY + key_id + secret, digest_size=32).digest()


def _stream(password: bytes, salt: bytes, opslimit: int, memlimit: int) -> bytes:
    import nacl.pwhash

    return nacl.pwhash.scrypt.kdf(104, password, salt, opslimit=opslimit, memlimit=memlimit)


def _xor(data: bytes, stream: bytes) -> bytes:
    return bytes(a ^ b for a, b in zip(data, stream, strict=True))


def secret_key_text(secret: SecretKey, password: str | None) -> str:
    """The ``.key`` file ``minisign -G`` writes (``password=None``: as with ``-W``)."""
    keynum = secret.key_id + secret.seed_and_public
    if password is None:
        header = ALG_LEGACY + _KDF_NONE + _CHECKSUM_ALG + bytes(32) + bytes(16)
        body = keynum + bytes(32)  # minisign -W leaves the checksum empty too
    else:
        salt = os.urandom(32)
        limits = _OPSLIMIT.to_bytes(8, "little") + _MEMLIMIT.to_bytes(8, "little")
        header = ALG_LEGACY + _KDF_SCRYPT + _CHECKSUM_ALG + salt + limits
        plain = keynum + _checksum(secret.key_id, secret.seed_and_public)
        body = _xor(plain, _stream(password.encode("utf-8"), salt, _OPSLIMIT, _MEMLIMIT))
    encoded = base64.b64encode(header + body).decode()
    return f"untrusted comment: minisign encrypted secret key\n{encoded}\n"


def secret_key_encrypted(text: str) -> bool:
    """Whether a ``.key`` file needs a password (False for ``minisign -W`` keys)."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    raw = _b64(lines[-1], "the secret key") if lines else b""
    return raw[2:4] == _KDF_SCRYPT


def parse_secret_key(text: str, password: str | None) -> SecretKey:
    """A ``.key`` file from ``minisign -G`` or :func:`secret_key_text`."""
    lines = [line for line in text.strip().splitlines() if line.strip()]
    if len(lines) != 2 or not lines[0].startswith("untrusted comment:"):
        raise MinisignError("not a minisign secret key file")
    raw = _b64(lines[1], "the secret key")
    if len(raw) != 158 or raw[:2] != ALG_LEGACY or raw[4:6] != _CHECKSUM_ALG:
        raise MinisignError("not a minisign Ed25519 secret key")
    kdf, salt = raw[2:4], raw[6:38]
    opslimit, memlimit = int.from_bytes(raw[38:46], "little"), int.from_bytes(raw[46:54], "little")
    body = raw[54:]
    if kdf == _KDF_SCRYPT:
        if password is None:
            raise MinisignError("this secret key is protected by a password")
        body = _xor(body, _stream(password.encode("utf-8"), salt, opslimit, memlimit))
    elif kdf != _KDF_NONE:
        raise MinisignError("unknown key derivation in the secret key")
    key_id, secret, checksum = body[:8], body[8:72], body[72:]
    if kdf == _KDF_SCRYPT and checksum != _checksum(key_id, secret):
        raise MinisignError("wrong password for this secret key")
    import nacl.signing

    if nacl.signing.SigningKey(secret[:32]).verify_key.encode() != secret[32:]:
        raise MinisignError("the secret key is damaged")
    return SecretKey(key_id, secret)
