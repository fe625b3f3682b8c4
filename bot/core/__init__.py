"""The planning core: pure functions over dataclasses, Decimal and date.

Nothing in this package touches Slack, a database or the clock; callers pass `today` or `now`.
"""
