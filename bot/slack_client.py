"""The bot's Web API client: Slack's base URL from settings, retries on 429, 5xx and lost
connections.

Bolt builds a fresh WebClient per request, copying `base_url`, `timeout` and `retry_handlers`
from the client given to `App(client=...)`, so everything a listener's client should do is set
here and nowhere else. The retry handlers sleep in the calling thread: fan-outs belong in one
paced sender, not in listener threads, and a lookup a user waits on is made with `one_try`.
"""

from __future__ import annotations

from slack_sdk import WebClient
from slack_sdk.http_retry import ConnectionErrorRetryHandler, RateLimitErrorRetryHandler
from slack_sdk.http_retry.builtin_handlers import ServerErrorRetryHandler
from slack_sdk.http_retry.handler import RetryHandler
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState

DEFAULT_TIMEOUT_SECONDS = 10


class TransientServerErrorRetryHandler(ServerErrorRetryHandler):
    """Retries every 5xx a proxy or Slack's edge gives for a passing fault, not only 500/503."""

    RETRIED_STATUSES = frozenset({500, 502, 503, 504})

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and response.status_code in self.RETRIED_STATUSES


def retry_handlers(*, max_retries: int = 2) -> list[RetryHandler]:
    """Connection errors, 429 (sleeping Retry-After) and transient 5xx, each `max_retries` times."""
    return [
        ConnectionErrorRetryHandler(max_retry_count=max_retries),
        RateLimitErrorRetryHandler(max_retry_count=max_retries),
        TransientServerErrorRetryHandler(max_retry_count=max_retries),
    ]


def make_client(
    token: str | None,
    base_url: str,
    *,
    timeout: int = DEFAULT_TIMEOUT_SECONDS,
    max_retries: int = 2,
) -> WebClient:
    """The WebClient for the bot token against `base_url` (Slack's, or the sandbox emulator's)."""
    if not base_url.endswith("/"):
        base_url += "/"  # urljoin would otherwise drop the last path segment ("api")
    return WebClient(
        token=token,
        base_url=base_url,
        timeout=timeout,
        retry_handlers=retry_handlers(max_retries=max_retries),
    )


def without_repeating_retries(client: WebClient) -> WebClient:
    """`client` minus the retries that could post a message twice.

    A 5xx or a dropped connection can come after Slack has stored the message, so retrying the
    call blindly may post it again. Only a 429 is known not to have been processed. The outbox
    sender uses this client and, on a later attempt, looks the message up before posting again.
    """
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=client.timeout,
        retry_handlers=[
            handler
            for handler in client.retry_handlers
            if isinstance(handler, RateLimitErrorRetryHandler)
        ],
    )


def one_try(client: WebClient, *, timeout: int) -> WebClient:
    """`client` with no retries at all and a short `timeout`: for lookups on a request's path,
    where Slack's 3 seconds leave no room to sleep out a 429's Retry-After or a slow answer, and
    the caller has something to fall back on (a stored member, the default language)."""
    return WebClient(
        token=client.token,
        base_url=client.base_url,
        timeout=timeout,
        headers=client.headers,
        retry_handlers=[],
    )
