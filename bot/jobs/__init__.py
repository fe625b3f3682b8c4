"""Scheduled jobs: each an ordinary function `run_<job>(store, client, now) -> JobReport`, run
by the scheduler every minute and once from `summit jobs run NAME`."""
