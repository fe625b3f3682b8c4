"""Summit: turns a big sales target into small, executable daily steps on Slack."""

__version__ = "0.1.0"
