"""The PostgreSQL restart drill (benchmarks/drill_pg_restart.py) as a test: a PostgreSQL of the
test's own is restarted while `summit jobs run daily-prompts` fans out. The run notices that its
job lock went with the restart and stops cleanly (exit 1, a one-line reason, no traceback), so
that no second runner can meet it half-way; a second run completes the day, and every rep has
exactly one morning DM.

It exists where PostgreSQL does: with TEST_DATABASE_URL set (.ci/postgres.sh installs the server
binaries and sets it), as the store tests' PostgreSQL runs do. The shared server is never touched.
"""

from __future__ import annotations

import os
from pathlib import Path

from benchmarks.drill_pg_restart import own_postgres, run_drill

if os.environ.get("TEST_DATABASE_URL") and list(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl")):

    def test_a_postgresql_restart_mid_fan_out_then_a_rerun_sends_each_dm_exactly_once() -> None:
        with own_postgres() as cluster:
            outcome = run_drill(cluster, team_size=24, rate=24.0, after=4)

        assert 4 <= outcome.before_restart < 24, "the restart missed the fan-out"
        assert outcome.first_exit == 1, outcome.first_output
        assert "stopped early: lost the job-daily-prompts lock" in outcome.first_output
        assert "Traceback" not in outcome.first_output
        assert outcome.second_exit == 0, outcome.second_output
        assert (outcome.lost, outcome.duplicated) == (0, 0), outcome
        assert outcome.statuses == {"sent": 24}
