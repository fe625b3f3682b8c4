"""The Slack Web API emulator, driven by a real slack_sdk WebClient over loopback."""

from __future__ import annotations

import threading
from urllib.error import URLError

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.webhook import WebhookClient

from bot.sandbox import Emulator, User
from tests.bot.conftest import People


@pytest.fixture
def client(emulator: Emulator) -> WebClient:
    """A plain client, no retries: the test sees exactly what the emulator answered."""
    return WebClient(token=emulator.bot_token, base_url=emulator.base_url, retry_handlers=[])


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# -- the workspace --------------------------------------------------------------------------------


def test_auth_test_names_the_bot_and_the_team(client: WebClient, emulator: Emulator) -> None:
    answer = client.auth_test()

    assert (answer["team_id"], answer["user_id"], answer["bot_id"]) == (
        "T0SANDBOX",
        emulator.bot_user_id,
        "B0SUMMIT",
    )
    assert client.team_info()["team"]["id"] == "T0SANDBOX"


def test_users_info_gives_the_locale_only_when_asked(client: WebClient, people: People) -> None:
    plain = client.users_info(user=people.lei.id)["user"]
    with_locale = client.users_info(user=people.lei.id, include_locale=True)["user"]

    assert "locale" not in plain
    assert with_locale["locale"] == "zh-CN"
    assert with_locale["tz"] == "Asia/Shanghai"
    assert with_locale["real_name"] == "李雷"


def test_users_list_pages_through_everyone(client: WebClient, emulator: Emulator) -> None:
    first = client.users_list(limit=2)
    rest = client.users_list(limit=10, cursor=first["response_metadata"]["next_cursor"])

    ids = [u["id"] for u in first["members"] + rest["members"]]
    assert ids == [emulator.bot_user_id, "U01ALICE", "U02LILEI", "U03HANMEI", "U04WANG"]
    assert rest["response_metadata"]["next_cursor"] == ""


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda c: c.users_info(user="U0NOBODY"), "user_not_found"),
        (lambda c: c.conversations_info(channel="C0NOWHERE"), "channel_not_found"),
        (lambda c: c.chat_postMessage(channel="C0NOWHERE", text="hi"), "channel_not_found"),
        (lambda c: c.conversations_open(users="U0NOBODY"), "user_not_found"),
        (lambda c: c.api_call("chat.fly"), "unknown_method"),
        (lambda c: c.api_call("chat.postMessage", json={"channel": "C0SALES"}), "no_text"),
        (lambda c: c.chat_update(channel="C0SALES", ts="1.000001", text="x"), "message_not_found"),
    ],
)
def test_unknown_things_get_slacks_own_errors(client: WebClient, call: object, error: str) -> None:
    with pytest.raises(SlackApiError) as raised:
        call(client)  # type: ignore[operator]

    assert raised.value.response["error"] == error


def test_a_bad_token_is_refused(emulator: Emulator) -> None:
    impostor = WebClient(token="xoxb-stolen", base_url=emulator.base_url, retry_handlers=[])

    with pytest.raises(SlackApiError, match="invalid_auth"):
        impostor.chat_postMessage(channel="C0SALES", text="hi")

    assert emulator.messages_to("C0SALES") == []
    assert emulator.calls("chat.postMessage")[0].token == "xoxb-stolen"


def test_a_dm_has_one_stable_id_per_user(client: WebClient, people: People) -> None:
    first = client.conversations_open(users=people.alice.id)["channel"]["id"]
    again = client.conversations_open(users=people.alice.id)["channel"]["id"]
    other = client.conversations_open(users=people.lei.id)["channel"]["id"]

    assert first == again == "D01ALICE"
    assert other != first
    info = client.conversations_info(channel=first)["channel"]
    assert (info["is_im"], info["user"]) == (True, people.alice.id)


# -- messages -------------------------------------------------------------------------------------


def test_posting_to_a_user_id_lands_in_their_dm(client: WebClient, emulator: Emulator) -> None:
    answer = client.chat_postMessage(channel="U02LILEI", text="早上好")

    assert answer["channel"] == "D02LILEI"
    assert [m.text for m in emulator.messages_to("U02LILEI")] == ["早上好"]


def test_history_is_newest_first_and_carries_metadata_only_when_asked(client: WebClient) -> None:
    metadata = {"event_type": "daily_prompt", "event_payload": {"date": "2027-01-06"}}
    first = client.chat_postMessage(channel="C0SALES", text="one", metadata=metadata)
    client.chat_postMessage(channel="C0SALES", text="two")

    with_metadata = client.conversations_history(channel="C0SALES", include_all_metadata=True)
    without = client.conversations_history(channel="C0SALES")

    assert [m["text"] for m in with_metadata["messages"]] == ["two", "one"]
    assert with_metadata["messages"][1]["metadata"] == metadata
    assert all("metadata" not in m for m in without["messages"])
    newer = client.conversations_history(channel="C0SALES", oldest=first["ts"])
    assert [m["text"] for m in newer["messages"]] == ["two"]
    page = client.conversations_history(channel="C0SALES", limit=1)
    assert ([m["text"] for m in page["messages"]], page["has_more"]) == (["two"], True)


def test_metadata_must_have_an_event_type_and_payload(client: WebClient) -> None:
    with pytest.raises(SlackApiError, match="invalid_metadata_format"):
        client.chat_postMessage(channel="C0SALES", text="x", metadata={"event_type": "only"})


def test_thread_replies_stay_out_of_history_and_come_back_with_replies(
    client: WebClient, emulator: Emulator, people: People
) -> None:
    prompt = client.chat_postMessage(channel="C0SALES", text="Weekly review")
    emulator.post_as_user(people.lei.id, "C0SALES", "签了 12万", thread_ts=prompt["ts"])
    client.chat_postMessage(channel="C0SALES", text="Great week!", thread_ts=prompt["ts"])

    history = client.conversations_history(channel="C0SALES")["messages"]
    thread = client.conversations_replies(channel="C0SALES", ts=prompt["ts"])["messages"]

    assert [(m["text"], m.get("reply_count")) for m in history] == [("Weekly review", 2)]
    assert [(m["text"], m["user"]) for m in thread] == [
        ("Weekly review", emulator.bot_user_id),
        ("签了 12万", people.lei.id),
        ("Great week!", emulator.bot_user_id),
    ]


def test_update_and_delete_change_history(client: WebClient, emulator: Emulator) -> None:
    posted = client.chat_postMessage(channel="C0SALES", text="draft")
    client.chat_update(channel="C0SALES", ts=posted["ts"], text="final")
    assert [(m.text, m.edited) for m in emulator.messages_to("C0SALES")] == [("final", True)]

    client.chat_delete(channel="C0SALES", ts=posted["ts"])
    assert emulator.messages_to("C0SALES") == []


def test_the_bot_cannot_edit_what_a_person_wrote(
    client: WebClient, emulator: Emulator, people: People
) -> None:
    said = emulator.post_as_user(people.alice.id, "C0SALES", "closed 12k")

    with pytest.raises(SlackApiError, match="cant_update_message"):
        client.chat_update(channel="C0SALES", ts=said.ts, text="closed 120k")


def test_ephemerals_are_seen_by_one_user_and_kept_out_of_history(
    client: WebClient, emulator: Emulator, people: People
) -> None:
    client.chat_postEphemeral(channel="C0SALES", user=people.mei.id, text="只有你看得到")

    [seen] = emulator.ephemerals(user=people.mei.id)
    assert (seen.channel, seen.text) == ("C0SALES", "只有你看得到")
    assert emulator.messages_to("C0SALES") == []


def test_timestamps_are_unique_and_increase_under_concurrent_posts(
    emulator: Emulator, client: WebClient
) -> None:
    def post_ten(n: int) -> None:
        for i in range(10):
            client.chat_postMessage(channel="C0SALES", text=f"{n}-{i}")

    threads = [threading.Thread(target=post_ten, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    stamps = [m.ts for m in emulator.messages_to("C0SALES")]
    assert len(stamps) == len(set(stamps)) == 40
    assert stamps == sorted(stamps, key=float)
    assert len(emulator.calls("chat.postMessage")) == 40


def test_calls_are_recorded_with_their_arguments_whatever_the_encoding(
    client: WebClient, emulator: Emulator
) -> None:
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*6万*"}}]
    client.chat_postMessage(channel="C0SALES", text="json body", blocks=blocks)  # sent as JSON
    client.conversations_open(users="U01ALICE")  # sent form-encoded

    posted, opened = emulator.calls()
    assert (posted.method, posted.args["blocks"], posted.token) == (
        "chat.postMessage",
        blocks,
        emulator.bot_token,
    )
    assert (opened.method, opened.args, opened.ok) == (
        "conversations.open",
        {"users": "U01ALICE"},
        True,
    )


# -- views, files, response_url -------------------------------------------------------------------


def test_home_views_are_kept_per_user(client: WebClient, emulator: Emulator) -> None:
    view = {"type": "home", "blocks": [{"type": "divider"}]}

    first = client.views_publish(user_id="U01ALICE", view=view)["view"]["id"]
    again = client.views_publish(user_id="U01ALICE", view=view)["view"]["id"]

    assert first == again
    assert emulator.home_view("U01ALICE") == view
    assert emulator.home_view("U02LILEI") is None


def test_modals_open_and_update(client: WebClient, emulator: Emulator) -> None:
    modal = {"type": "modal", "title": {"type": "plain_text", "text": "Log"}, "blocks": []}
    opened = client.views_open(trigger_id="123.456", view=modal)["view"]

    client.views_update(view_id=opened["id"], view={**modal, "blocks": [{"type": "divider"}]})

    [kept] = emulator.open_views()
    assert kept.view["blocks"] == [{"type": "divider"}]
    with pytest.raises(SlackApiError, match="not_found"):
        client.views_update(view_id="V0GONE", view=modal)


def test_files_upload_v2_keeps_the_bytes_and_shares_them(
    client: WebClient, emulator: Emulator
) -> None:
    chart = b"\x89PNG\r\n\x1a\n weekly chart"

    answer = client.files_upload_v2(
        channel="C0SALES",
        content=chart,
        filename="week-1.png",
        title="Week 1",
        initial_comment="本周进度",
    )

    [uploaded] = emulator.uploaded_files()
    assert (uploaded.content, uploaded.filename, uploaded.title) == (chart, "week-1.png", "Week 1")
    assert answer["file"]["id"] == uploaded.id
    [shared] = emulator.messages_to("C0SALES")
    assert (shared.text, shared.files) == ("本周进度", (uploaded.id,))


def test_response_urls_record_what_the_app_said_and_expire_after_five_uses(
    emulator: Emulator, people: People
) -> None:
    url = emulator.new_response_url(channel="C0SALES", user=people.alice.id)
    hook = WebhookClient(url)

    assert hook.send(text="only you see this").status_code == 200
    assert hook.send(text="everyone sees this", response_type="in_channel").status_code == 200
    for _ in range(3):
        hook.send(text="again")

    assert [r.text for r in emulator.responses(url)][:2] == [
        "only you see this",
        "everyone sees this",
    ]
    assert [m.text for m in emulator.messages_to("C0SALES")] == ["everyone sees this"]
    assert hook.send(text="sixth").status_code == 404


# -- faults ---------------------------------------------------------------------------------------


def test_rate_limit_answers_429_with_retry_after_above_the_rate() -> None:
    clock = FakeMonotonic()
    with Emulator(monotonic=clock) as emulator:
        client = WebClient(token=emulator.bot_token, base_url=emulator.base_url, retry_handlers=[])
        emulator.rate_limit("chat.postMessage", per_second=1)
        client.chat_postMessage(channel="U0SUMMIT", text="first")

        with pytest.raises(SlackApiError) as raised:
            client.chat_postMessage(channel="U0SUMMIT", text="too soon")
        assert raised.value.response.status_code == 429
        assert raised.value.response.headers["Retry-After"] == "1"
        assert raised.value.response["error"] == "ratelimited"

        clock.now += 1.0
        client.chat_postMessage(channel="U0SUMMIT", text="on time")
        assert [m.text for m in emulator.messages_to("U0SUMMIT")] == ["first", "on time"]


def test_fail_next_fails_that_many_calls_of_that_method_only(
    client: WebClient, emulator: Emulator
) -> None:
    emulator.fail_next("chat.postMessage", status=503, times=2)

    for _ in range(2):
        with pytest.raises(SlackApiError) as raised:
            client.chat_postMessage(channel="C0SALES", text="hi")
        assert raised.value.response.status_code == 503
    assert client.auth_test()["ok"]
    client.chat_postMessage(channel="C0SALES", text="hi")

    assert [c.status for c in emulator.calls("chat.postMessage")] == [503, 503, 200]


def test_fail_next_can_rate_limit_with_a_chosen_retry_after(
    client: WebClient, emulator: Emulator
) -> None:
    emulator.fail_next("users.info", error="ratelimited", status=429, retry_after=7)

    with pytest.raises(SlackApiError) as raised:
        client.users_info(user="U01ALICE")

    assert raised.value.response.headers["Retry-After"] == "7"


def test_delay_next_makes_a_client_time_out(emulator: Emulator) -> None:
    impatient = WebClient(
        token=emulator.bot_token, base_url=emulator.base_url, timeout=1, retry_handlers=[]
    )
    emulator.delay_next("users.info", 5)

    with pytest.raises(TimeoutError):
        impatient.users_info(user="U01ALICE")

    assert impatient.users_info(user="U01ALICE")["user"]["name"] == "alice"


def test_a_stopped_emulator_refuses_connections() -> None:
    emulator = Emulator().start()
    base_url = emulator.base_url
    emulator.stop()

    client = WebClient(token="xoxb-summit-sandbox", base_url=base_url, retry_handlers=[])
    with pytest.raises(URLError, match="Connection refused"):
        client.auth_test()


def test_users_added_later_are_served(client: WebClient, emulator: Emulator) -> None:
    emulator.add_user(User("U09NEW", "newbie", locale="zh-HK"))

    assert client.users_info(user="U09NEW", include_locale=True)["user"]["locale"] == "zh-HK"
