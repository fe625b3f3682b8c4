"""A Slack workspace on loopback: the Web API emulator the tests and `summit demo` run against."""

from bot.sandbox.emulator import ApiCall, Emulator
from bot.sandbox.workspace import (
    Channel,
    Ephemeral,
    Message,
    ResponsePost,
    UploadedFile,
    User,
    View,
)

__all__ = [
    "ApiCall",
    "Channel",
    "Emulator",
    "Ephemeral",
    "Message",
    "ResponsePost",
    "UploadedFile",
    "User",
    "View",
]
