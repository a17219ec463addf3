"""Encryption at rest for archived objects (AES-256-GCM from ``cryptography``).

Pure functions, no ORM: the key comes from the server configuration file
(``crm_mail_archive_key``), never from the database. An object is stored as
``MAGIC + nonce (12 bytes) + ciphertext-and-tag``; AES-GCM's tag authenticates the
plaintext, so a tampered object fails to decrypt instead of being served.
"""

import base64
import binascii
import hashlib
import hmac
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"CMA1"
FINGERPRINT_LABEL = b"crm_mail_archive key fingerprint v1"
KEY_BYTES = 32
NONCE_BYTES = 12


class ArchiveKeyError(ValueError):
    """The configured key is missing or unusable."""


class ArchiveDecryptError(ValueError):
    """An object could not be decrypted: wrong key or damaged object."""


def parse_key(text):
    """Decode the configured key.

    :param text: URL-safe base64 of 32 random bytes, e.g. the output of
        ``python3 -c "import os, base64; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"``
    :return: the 32 raw key bytes
    :raise ArchiveKeyError: when the text is not base64 or does not hold exactly 32 bytes
    """
    try:
        key = base64.urlsafe_b64decode(str(text).strip().encode())
    except (binascii.Error, ValueError) as exc:
        raise ArchiveKeyError(f"crm_mail_archive_key is not valid base64 ({exc})") from exc
    if len(key) != KEY_BYTES:
        raise ArchiveKeyError(
            f"crm_mail_archive_key must decode to {KEY_BYTES} bytes (AES-256), it decodes to {len(key)}"
        )
    return key


def fingerprint(key):
    """A short identifier of ``key`` that tells two keys apart without revealing either:
    HMAC-SHA256 of a fixed label under the key, first 16 hex digits (64 bits).

    :param bytes key: the 32 raw key bytes
    :return: 16 lowercase hex characters
    """
    return hmac.new(key, FINGERPRINT_LABEL, hashlib.sha256).hexdigest()[:16]


def encrypt(key, data):
    """Encrypt ``data`` with a fresh random nonce."""
    nonce = os.urandom(NONCE_BYTES)
    return MAGIC + nonce + AESGCM(key).encrypt(nonce, data, None)


def decrypt(key, blob):
    """Decrypt what :func:`encrypt` produced.

    :raise ArchiveDecryptError: wrong key, foreign or damaged object
    """
    if not blob.startswith(MAGIC):
        raise ArchiveDecryptError("not an encrypted archive object")
    nonce = blob[len(MAGIC) : len(MAGIC) + NONCE_BYTES]
    try:
        return AESGCM(key).decrypt(nonce, blob[len(MAGIC) + NONCE_BYTES :], None)
    except InvalidTag as exc:
        raise ArchiveDecryptError("wrong key or damaged object") from exc
