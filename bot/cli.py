"""The `summit` command line. Reads the environment once, here, and nowhere deeper."""

from __future__ import annotations

import argparse
from collections.abc import Sequence

from bot import __version__


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="summit",
        description="Summit: turns a big sales target into small, executable daily steps on Slack.",
    )
    parser.add_argument("--version", action="version", version=f"summit {__version__}")
    parser.add_subparsers(dest="command", metavar="COMMAND")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return 0
