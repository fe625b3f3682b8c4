"""Tokens sealed at rest: what goes into the database opens only with the configured keys,
rotation keeps old values readable until they are re-sealed, and no error repeats a key."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.secrets import (
    EncryptionKeyError,
    TokenCipher,
    UnreadableToken,
    generate_key,
    is_plaintext,
)

OLD = generate_key()
NEW = generate_key()
TOKEN = "xoxb-1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx"


TOKENS = st.builds(
    "xox{}-{}".format,
    st.sampled_from("bpea"),
    st.text("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-", min_size=16),
)


@settings(max_examples=50, deadline=None)
@given(TOKENS)
def test_a_sealed_token_opens_to_what_was_sealed_and_never_shows_it(token: str) -> None:
    cipher = TokenCipher([NEW])

    sealed = cipher.seal(token)

    assert cipher.open(sealed) == token
    assert token not in sealed
    assert not is_plaintext(sealed)


@settings(max_examples=50, deadline=None)
@given(st.text(max_size=200))
def test_any_text_survives_a_seal_and_an_open(text: str) -> None:
    cipher = TokenCipher([NEW])

    assert cipher.open(cipher.seal(text)) == text


def test_a_slack_token_sealed_fits_bolts_200_character_column() -> None:
    assert len(TokenCipher([NEW]).seal(TOKEN)) <= 200


def test_with_the_new_key_in_front_old_values_still_open_and_reseal_moves_them() -> None:
    sealed_with_old = TokenCipher([OLD]).seal(TOKEN)
    rotating = TokenCipher.from_setting(f"{NEW}, {OLD}")

    assert rotating.open(sealed_with_old) == TOKEN
    resealed = rotating.reseal(sealed_with_old)
    assert TokenCipher([NEW]).open(resealed) == TOKEN  # the old key can go now
    with pytest.raises(UnreadableToken):
        TokenCipher([OLD]).open(resealed)


def test_new_values_are_sealed_with_the_first_key() -> None:
    sealed = TokenCipher.from_setting(f"{NEW},{OLD}").seal(TOKEN)

    assert Fernet(NEW.encode()).decrypt(sealed.encode()).decode() == TOKEN


def test_a_value_no_key_opens_is_refused_without_repeating_it() -> None:
    sealed = TokenCipher([OLD]).seal(TOKEN)

    with pytest.raises(UnreadableToken) as refused:
        TokenCipher([NEW]).open(sealed)

    assert sealed not in str(refused.value)


def test_a_tampered_value_is_refused() -> None:
    sealed = TokenCipher([NEW]).seal(TOKEN)
    tampered = sealed[:-5] + ("A" if sealed[-5] != "A" else "B") + sealed[-4:]

    with pytest.raises(UnreadableToken):
        TokenCipher([NEW]).open(tampered)


def test_a_token_stored_before_encryption_reads_as_it_is_and_reseal_seals_it() -> None:
    cipher = TokenCipher([NEW])

    assert cipher.open(TOKEN) == TOKEN
    sealed = cipher.reseal(TOKEN)
    assert not is_plaintext(sealed)
    assert cipher.open(sealed) == TOKEN


@pytest.mark.parametrize("setting", ["", " , ", "short", f"{NEW},{NEW[:-2]}", "中文密钥"])
def test_anything_but_fernet_keys_is_refused_without_repeating_the_setting(setting: str) -> None:
    with pytest.raises(EncryptionKeyError) as refused:
        TokenCipher.from_setting(setting)

    message = str(refused.value)
    assert "SUMMIT_ENCRYPTION_KEY" in message
    assert not [part for part in setting.split(",") if len(part.strip()) > 3 and part in message]
