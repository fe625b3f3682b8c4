"""Block Kit as terminal text: what a Slack client would show, for the sandbox transcript.

Pure: blocks (and the message's fallback text) in, a `rich` `Text` and the buttons out. Buttons
are numbered from `first_button` so the demo can say `:click 3`. Slack's mrkdwn is rendered
the way a reader sees it: `*bold*`, `_italic_`, `~strike~`, `` `code` ``, and mentions
(`<@U123>`, `<#C123|sales>`, `<!here>`, `<https://x|label>`) as names.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from rich.emoji import Emoji
from rich.text import Text

Block = Mapping[str, Any]

RULE: Final = "─" * 40
_INDENT: Final = "  "

# One mrkdwn token: a <...> reference, or a *bold* / _italic_ / ~strike~ / `code` run that
# Slack would format (it needs no space just inside the markers).
_TOKEN: Final = re.compile(
    r"<(?P<ref>[^<>\n]+)>"
    r"|`(?P<code>[^`\n]+)`"
    r"|(?<![\w*])\*(?P<bold>[^*\s](?:[^*\n]*[^*\s])?)\*(?![\w*])"
    r"|(?<![\w_])_(?P<italic>[^_\s](?:[^_\n]*[^_\s])?)_(?![\w_])"
    r"|(?<![\w~])~(?P<strike>[^~\s](?:[^~\n]*[^~\s])?)~(?![\w~])"
)
_STYLES: Final = {"bold": "bold", "italic": "italic", "strike": "strike", "code": "cyan"}


@dataclass(frozen=True)
class Button:
    """A button as shown, with what a click would send back to the app."""

    number: int
    label: str
    action_id: str
    block_id: str | None = None
    value: str | None = None
    url: str | None = None
    style: str | None = None


@dataclass(frozen=True)
class Rendered:
    text: Text
    buttons: tuple[Button, ...] = field(default=())


def render_message(
    blocks: Sequence[Block] | None,
    *,
    text: str = "",
    names: Mapping[str, str] | None = None,
    first_button: int = 1,
) -> Rendered:
    """A message as Slack shows it: its blocks, or its `text` when it has none."""
    renderer = _Renderer(names or {}, first_button)
    if blocks:
        for block in blocks:
            renderer.block(block)
    else:
        renderer.line(mrkdwn(text, renderer.names))
    return Rendered(renderer.finish(), tuple(renderer.buttons))


def mrkdwn(source: str, names: Mapping[str, str] | None = None) -> Text:
    """Slack mrkdwn to styled text; `names` maps user and channel ids to what Slack displays."""
    names = names or {}
    out = Text()
    position = 0
    for match in _TOKEN.finditer(source):
        out.append(_words(source[position : match.start()]))
        position = match.end()
        if match["ref"] is not None:
            out.append(_reference(match["ref"], names), style="bold blue")
            continue
        kind = next(k for k in _STYLES if match[k] is not None)
        inner = match[kind]
        if kind == "code":
            out.append(html.unescape(inner), style=_STYLES[kind])
        else:
            styled = mrkdwn(inner, names)
            styled.stylize(_STYLES[kind])
            out.append_text(styled)
    out.append(_words(source[position:]))
    return out


def _words(source: str) -> str:
    """Plain mrkdwn: entities unescaped, `:emoji:` codes drawn as Slack draws them."""
    return Emoji.replace(html.unescape(source))


def _reference(ref: str, names: Mapping[str, str]) -> str:
    target, _, label = ref.partition("|")
    if target.startswith("@"):
        return "@" + (names.get(target[1:]) or label or target[1:])
    if target.startswith("#"):
        return "#" + (label or names.get(target[1:]) or target[1:])
    if target.startswith("!"):
        special = target[1:].split("^", 1)[0]
        if special.startswith("date"):
            return html.unescape(label or special)
        return "@" + (label.lstrip("@") or special)
    return f"{html.unescape(label)} ({target})" if label else target


def plain(element: Mapping[str, Any] | None, names: Mapping[str, str]) -> Text:
    """A text object (`plain_text` or `mrkdwn`) as text."""
    if not element:
        return Text()
    source = str(element.get("text", ""))
    if element.get("type") == "mrkdwn":
        return mrkdwn(source, names)
    return Text(Emoji.replace(source))


class _Renderer:
    def __init__(self, names: Mapping[str, str], first_button: int) -> None:
        self.names = names
        self.buttons: list[Button] = []
        self._next_button = first_button
        self._lines: list[Text] = []

    def finish(self) -> Text:
        return Text("\n").join(self._lines)

    def line(self, text: Text | str, *, style: str = "", indent: int = 0) -> None:
        value = Text(text) if isinstance(text, str) else text.copy()
        if style:
            value.stylize(style)
        if indent:
            prefix = _INDENT * indent
            lines = value.split("\n", allow_blank=True)
            value = Text("\n").join(Text(prefix) + part for part in lines)
        self._lines.append(value)

    def block(self, block: Block) -> None:
        kind = block.get("type")
        if kind == "header":
            self.line(plain(block.get("text"), self.names), style="bold underline")
        elif kind == "section":
            self.section(block)
        elif kind == "divider":
            self.line(RULE, style="dim")
        elif kind == "context":
            parts = [self.element_text(e) for e in block.get("elements", ())]
            self.line(Text(" · ").join(p for p in parts if p.plain), style="dim")
        elif kind == "actions":
            shown = [self.element(e, block.get("block_id")) for e in block.get("elements", ())]
            self.line(Text(" ").join(p for p in shown if p.plain))
        elif kind == "image":
            self.line(f"[image: {block.get('alt_text', '')}]", style="dim")
        elif kind == "input":
            label = plain(block.get("label"), self.names)
            self.line(label + Text(": ") + self.element(block.get("element", {}), None))
        elif kind == "rich_text":
            self.line(Text(_rich_text(block, self.names)))
        else:
            self.line(f"[{kind} block]", style="dim")

    def section(self, block: Block) -> None:
        text = plain(block.get("text"), self.names)
        accessory = block.get("accessory")
        if accessory:
            shown = self.element(accessory, block.get("block_id"))
            text = text + Text("  ") + shown if text.plain else shown
        if text.plain:
            self.line(text)
        for field_ in block.get("fields", ()):
            self.line(plain(field_, self.names), indent=1)

    def element_text(self, element: Mapping[str, Any]) -> Text:
        if element.get("type") == "image":
            return Text(f"[{element.get('alt_text', 'image')}]")
        return plain(element, self.names)

    def element(self, element: Mapping[str, Any], block_id: str | None) -> Text:
        """An interactive element; buttons get a number to click."""
        kind = element.get("type")
        if kind == "button":
            number = self._next_button
            self._next_button += 1
            label = plain(element.get("text"), self.names).plain
            self.buttons.append(
                Button(
                    number=number,
                    label=label,
                    action_id=str(element.get("action_id", "")),
                    block_id=block_id,
                    value=element.get("value"),
                    url=element.get("url"),
                    style=element.get("style"),
                )
            )
            style = {"primary": "bold green", "danger": "bold red"}.get(
                str(element.get("style")), "bold"
            )
            return Text(f"[{number}: {label}]", style=style)
        if kind in ("static_select", "overflow", "multi_static_select"):
            options = [plain(o.get("text"), self.names).plain for o in element.get("options", ())]
            return Text(f"[select: {' | '.join(options)}]")
        if kind == "image":
            return Text(f"[image: {element.get('alt_text', '')}]", style="dim")
        placeholder = plain(element.get("placeholder"), self.names).plain
        return Text(f"[{kind}{': ' + placeholder if placeholder else ''}]", style="dim")


def _rich_text(block: Block, names: Mapping[str, str]) -> str:
    """The words of a `rich_text` block, which people's own messages carry."""
    parts: list[str] = []

    def walk(node: Mapping[str, Any]) -> None:
        kind = node.get("type")
        if kind == "text":
            parts.append(str(node.get("text", "")))
        elif kind == "user":
            user_id = str(node.get("user_id", ""))
            parts.append("@" + names.get(user_id, user_id))
        elif kind == "channel":
            channel_id = str(node.get("channel_id", ""))
            parts.append("#" + names.get(channel_id, channel_id))
        elif kind == "link":
            parts.append(str(node.get("text") or node.get("url", "")))
        for child in node.get("elements", ()):
            walk(child)

    walk(block)
    return "".join(parts)
