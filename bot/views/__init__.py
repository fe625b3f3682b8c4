"""Block Kit builders: plain data in, the dict Slack expects out. No client calls in here."""
