"""Secrets at rest: the Slack tokens of OAuth installs, sealed with Fernet.

SUMMIT_ENCRYPTION_KEY holds one or more Fernet keys, comma-separated, newest first. Tokens are
sealed with the newest key and opened with any of them (cryptography's `MultiFernet`), so a key
is rotated by putting a new one in front, re-sealing every stored token with it
(`summit db rotate-key`), and then dropping the old one.

A stored value that still starts with Slack's `xox` prefix was written before tokens were
sealed: it is read as it is (so an upgrade does not cut every workspace off) and sealed by the
next `summit db rotate-key`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

# Every Slack token (xoxb-, xoxp-, xoxe-…) starts so; a Fernet token starts with "gAAAAA".
_PLAINTEXT_PREFIX: Final = "xox"
# What the README and the errors tell an operator to run for a new key.
GENERATE_COMMAND: Final = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)


class EncryptionKeyError(ValueError):
    """SUMMIT_ENCRYPTION_KEY is missing or holds something that is not a Fernet key."""


class UnreadableToken(Exception):
    """A stored token none of the configured keys can open (its key was dropped too early, or
    the value was tampered with). The message never contains the value."""


class TokenCipher:
    """Seals and opens tokens with the keys of SUMMIT_ENCRYPTION_KEY (newest first)."""

    def __init__(self, keys: Sequence[str]) -> None:
        if not keys:
            raise EncryptionKeyError("SUMMIT_ENCRYPTION_KEY holds no key")
        fernets = []
        for position, key in enumerate(keys, start=1):
            try:
                fernets.append(Fernet(key.encode("ascii")))
            except (ValueError, UnicodeEncodeError):
                # The key itself is never repeated in the message.
                raise EncryptionKeyError(
                    f"SUMMIT_ENCRYPTION_KEY: key {position} of {len(keys)} is not a Fernet key "
                    f"(32 url-safe base64-encoded bytes); make one with {GENERATE_COMMAND}"
                ) from None
        self._fernet = MultiFernet(fernets)

    @classmethod
    def from_setting(cls, value: str) -> TokenCipher:
        """From the variable's text: keys separated by commas, newest first."""
        return cls([key.strip() for key in value.split(",") if key.strip()])

    def seal(self, token: str) -> str:
        """`token` encrypted (and authenticated) with the newest key."""
        return self._fernet.encrypt(token.encode("utf-8")).decode("ascii")

    def open(self, stored: str) -> str:
        """The token `stored` holds; a pre-encryption plaintext token is given back as it is."""
        if is_plaintext(stored):
            return stored
        try:
            return self._fernet.decrypt(stored.encode("ascii")).decode("utf-8")
        except (InvalidToken, UnicodeError):
            raise UnreadableToken(
                "a stored token cannot be decrypted with any key in SUMMIT_ENCRYPTION_KEY"
            ) from None

    def reseal(self, stored: str) -> str:
        """`stored` sealed with the newest key (a plaintext token is sealed for the first
        time)."""
        if is_plaintext(stored):
            return self.seal(stored)
        try:
            return self._fernet.rotate(stored.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeError):
            raise UnreadableToken(
                "a stored token cannot be decrypted with any key in SUMMIT_ENCRYPTION_KEY"
            ) from None


def is_plaintext(stored: str) -> bool:
    return stored.startswith(_PLAINTEXT_PREFIX)


def generate_key() -> str:
    """A fresh Fernet key, as SUMMIT_ENCRYPTION_KEY expects it."""
    return Fernet.generate_key().decode("ascii")
