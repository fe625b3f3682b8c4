"""The store commands of `summit`, run through `main()` against real databases."""

from __future__ import annotations

import csv
import io
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from bot.cli import main
from bot.core.money import Money
from bot.core.periods import Period
from storage.actuals import log_actual
from storage.migrate import head_revision
from storage.records import Owner
from storage.store import Store
from storage.targets import active_targets, plan_days, replace_plan, set_target
from storage.workspaces import update_workspace_settings, upsert_workspace
from tests.storage.conftest import NOW, Team, seed_workspace

WEEK = Period(date(2027, 3, 8), date(2027, 3, 12))


@pytest.fixture
def team(store: Store, monkeypatch: pytest.MonkeyPatch) -> Team:
    """A workspace on the Monday-to-Friday calendar, and DATABASE_URL pointing at it."""
    monkeypatch.setenv("DATABASE_URL", store.url)
    seeded = seed_workspace(store)
    with store.session() as session:
        update_workspace_settings(
            session=session,
            workspace_id=seeded.workspace_id,
            calendar="none",
            language="en",
            actor="U_MGR",
            now=NOW,
        )
    return seeded


def _plan_alice(store: Store, team: Team) -> None:
    with store.session() as session:
        target = set_target(
            session=session,
            workspace_id=team.workspace_id,
            owner=Owner.member(team.alice),
            amount=Money(Decimal("200000.00")),
            period=WEEK,
            actor="U_MGR",
            now=NOW,
        )
        replace_plan(
            session=session,
            workspace_id=team.workspace_id,
            target_id=target.id,
            days={date(2027, 3, 8): Decimal("100000.00"), date(2027, 3, 9): Decimal("100000.00")},
            actions={date(2027, 3, 8): {"visits": 3, "calls": 10}},
            actor="U_MGR",
            now=NOW,
        )
        for key, day, amount in (
            ("k1", date(2027, 3, 8), "50000.00"),
            ("k2", date(2027, 3, 13), "7000.00"),  # a Saturday
        ):
            log_actual(
                session=session,
                workspace_id=team.workspace_id,
                member_id=team.alice,
                day=day,
                amount=Decimal(amount),
                idempotency_key=key,
                source="slash",
                actor="U_ALICE",
                now=NOW,
            )


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_db_upgrade_current_and_downgrade(
    database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", database_url)
    assert _run(capsys, "db", "current")[1].strip() == "base (empty)"
    code, out, _ = _run(capsys, "db", "upgrade")
    assert (code, out.strip()) == (0, f"database at revision {head_revision()}")
    assert _run(capsys, "db", "current")[1].strip() == head_revision()
    code, out, _ = _run(capsys, "db", "downgrade", "base")
    assert (code, out.strip()) == (0, "database at revision base (empty)")
    code, _, err = _run(capsys, "db", "upgrade", "nonsense")
    assert code == 2
    assert err == "summit: error: Can't locate revision identified by 'nonsense'\n"


def test_an_unreachable_database_is_one_friendly_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:1/summit")
    code, _, err = _run(capsys, "db", "current")
    assert code == 2
    assert err.startswith("summit: error: cannot use the database: connection failed")
    assert err.count("\n") == 1


def test_export_plan_csv_has_one_row_per_rep_per_working_day(
    store: Store, team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    _plan_alice(store, team)
    code, out, _ = _run(capsys, "export", "plan", "--period", "2027-03-08..2027-03-14")
    assert code == 0
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0][:4] == ["date", "user", "target", "actual"]
    assert rows[0][4:] == [
        "visits",
        "calls",
        "deals",
        "proposals",
        "new_customers",
        "collections",
        "cumulative_target",
        "cumulative_actual",
        "pace_pct",
        "planned_actions",
    ]
    assert [row[:4] for row in rows[1:]] == [
        ["2027-03-08", "U_ALICE", "100000.00", "50000.00"],
        ["2027-03-09", "U_ALICE", "100000.00", "0.00"],
        ["2027-03-10", "U_ALICE", "0.00", "0.00"],
        ["2027-03-11", "U_ALICE", "0.00", "0.00"],
        ["2027-03-12", "U_ALICE", "0.00", "0.00"],
        ["2027-03-13", "U_ALICE", "0.00", "7000.00"],  # a deal on Saturday still shows
    ]
    assert rows[1][10:] == ["100000.00", "50000.00", "50.0", "calls=10 visits=3"]
    assert rows[2][12] == "25.0"


def test_export_without_period_lists_days_with_a_target_or_an_actual(
    store: Store, team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    _plan_alice(store, team)
    _, out, _ = _run(capsys, "export", "plan")
    days = [row[0] for row in csv.reader(io.StringIO(out))][1:]
    assert days == ["2027-03-08", "2027-03-09", "2027-03-13"]


def test_export_for_one_user_includes_them_even_without_figures(
    store: Store, team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    _plan_alice(store, team)
    _, out, _ = _run(
        capsys, "export", "plan", "--user", "U_BOB", "--period", "2027-03-08..2027-03-12"
    )
    rows = list(csv.reader(io.StringIO(out)))[1:]
    assert [(row[0], row[1], row[2]) for row in rows] == [
        (f"2027-03-{d:02d}", "U_BOB", "0.00") for d in range(8, 13)
    ]


def test_export_xlsx_has_number_formats_and_a_totals_row(
    store: Store, team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _plan_alice(store, team)
    output = tmp_path / "plan.xlsx"
    code, _, err = _run(capsys, "export", "plan", "--format", "xlsx", "--output", str(output))
    assert code == 0
    assert "wrote 3 rows" in err
    sheet = load_workbook(output).active
    assert [cell.value for cell in sheet[1]][:4] == ["date", "user", "target", "actual"]
    assert sheet["C2"].value == 100000
    assert sheet["C2"].number_format == "#,##0.00"
    assert sheet["A2"].number_format == "yyyy-mm-dd"
    assert sheet["A5"].value == "total"
    assert sheet["C5"].value == "=SUM(C2:C4)"
    assert sheet["D5"].value == "=SUM(D2:D4)"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["export", "plan", "--format", "xlsx"], "--format xlsx needs --output FILE"),
        (["export", "plan", "--user", "U_NOBODY"], "no member U_NOBODY"),
        (["export", "plan", "--team", "Ghosts"], "no team named 'Ghosts'"),
        (["export", "plan", "--period", "someday"], "Example:"),
        (["export", "plan", "--workspace", "T404"], "no workspace T404"),
    ],
)
def test_bad_export_input_is_one_friendly_line(
    team: Team, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, out, err = _run(capsys, *argv)
    assert code == 2
    assert out == ""
    assert err.startswith("summit: error: ")
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_several_workspaces_need_a_choice(
    store: Store, team: Team, capsys: pytest.CaptureFixture[str]
) -> None:
    with store.session() as session:
        upsert_workspace(session=session, workspace_id="T2", name="Two", actor="U", now=NOW)
    code, _, err = _run(capsys, "export", "plan")
    assert code == 2
    assert "several workspaces (T1, T2): choose one with --workspace" in err
    assert _run(capsys, "export", "plan", "--workspace", "T2")[0] == 0


def test_export_on_an_empty_database_creates_the_schema_first(
    empty_store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", empty_store.url)
    code, _, err = _run(capsys, "export", "plan")
    assert code == 2
    assert "no workspace yet" in err
    assert empty_store.current_revision() == head_revision()


def _write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_import_targets_writes_targets_and_plans(
    store: Store, team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _write_csv(
        tmp_path / "targets.csv",
        "user,amount,period,weighting\n"
        "U_ALICE,500万,2027-03-08..2027-03-12,\n"
        '<@U_BOB|bob>,"120,000",2027-03-08..2027-03-12,ramp\n',
    )
    code, out, err = _run(capsys, "import", "targets", str(file))
    assert (code, err) == (0, "")
    assert out.strip() == "imported 2 targets (10 plan days) into workspace T1"
    with store.read() as session:
        alice = active_targets(session=session, workspace_id="T1", owner=Owner.member(team.alice))
        bob = active_targets(session=session, workspace_id="T1", owner=Owner.member(team.bob))
        alice_plan = plan_days(session=session, workspace_id="T1", target_id=alice[0].id)
        bob_plan = plan_days(session=session, workspace_id="T1", target_id=bob[0].id)
    assert alice[0].amount == Money(Decimal("5000000.00"), "CNY")
    assert alice[0].set_by == "cli"
    assert [row.amount for row in alice_plan] == [Decimal("1000000.00")] * 5
    assert bob[0].weighting == "ramp"
    assert sum(row.amount for row in bob_plan) == Decimal("120000.00")
    assert bob_plan[0].amount < bob_plan[-1].amount
    # Each day also says what to do, as for a target set in Slack: the morning prompt shows it.
    assert all(row.actions["visits"] > 0 for row in alice_plan)
    assert sum(int(row.actions["signings"]) for row in bob_plan) > 0


def test_import_reports_every_problem_and_writes_nothing(
    store: Store, team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _write_csv(
        tmp_path / "targets.csv",
        "user,amount,period,dimension,part\n"
        "U_ALICE,500万,2027Q1,,\n"  # fine on its own
        "U_GHOST,100k,2027Q1,,\n"
        "U_BOB,lots,2027Q1,,\n"
        "U_BOB,100k,someday,,\n"
        "U_ALICE,1,2027Q1,,\n"  # the same target as line 2
        "U_BOB,100k,2027Q1,channel,telepathy\n"
        "U_BOB,100k,2027Q1,region,\n",
    )
    code, out, err = _run(capsys, "import", "targets", str(file))
    assert code == 2
    assert out == ""
    lines = err.strip().splitlines()
    assert [line.split(",")[0] for line in lines[:-1]] == [
        "targets.csv: line 3",
        "targets.csv: line 4",
        "targets.csv: line 5",
        "targets.csv: line 6",
        "targets.csv: line 7",
        "targets.csv: line 8",
    ]
    assert "U_GHOST is not a member" in lines[0]
    assert "amount" in lines[1]
    assert "Example:" in lines[1]
    assert "period" in lines[2]
    assert "already on line 2" in lines[3]
    assert "telepathy" in lines[4]
    assert "dimension and part go together" in lines[5]
    assert lines[-1] == "summit: error: 6 problems in targets.csv; nothing was written"
    with store.read() as session:
        assert active_targets(session=session, workspace_id="T1") == []


def test_import_problems_in_chinese(
    store: Store, team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    file = _write_csv(tmp_path / "t.csv", "user,amount,period\nU_GHOST,100k,2027Q1\n")
    _, _, err = _run(capsys, "import", "targets", str(file), "--lang", "zh-Hans")
    assert "不是本工作区的成员" in err


def test_import_from_xlsx(
    store: Store, team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["User", "Amount", "Period"])
    sheet.append(["U_ALICE", 50000, "2027-03-08..2027-03-12"])
    sheet.append([None, None, None])
    path = tmp_path / "targets.xlsx"
    workbook.save(path)
    code, out, _ = _run(capsys, "import", "targets", str(path))
    assert code == 0
    assert "imported 1 targets" in out
    with store.read() as session:
        (target,) = active_targets(session=session, workspace_id="T1")
    assert target.amount.amount == Decimal("50000.00")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("t.txt", "user,amount,period\n", "expected a .csv or .xlsx file"),
        ("t.csv", "", "is empty"),
        ("t.csv", "user,amount\nU_ALICE,1\n", "no column period"),
    ],
)
def test_unreadable_import_files(
    team: Team,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    name: str,
    content: str,
    message: str,
) -> None:
    code, _, err = _run(capsys, "import", "targets", str(_write_csv(tmp_path / name, content)))
    assert code == 2
    assert message in err


def test_import_of_a_missing_file(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "import", "targets", str(tmp_path / "nope.csv"))
    assert (code, err.strip()) == (2, f"summit: error: {tmp_path / 'nope.csv'} does not exist")


def test_backup_and_restore_a_sqlite_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with Store(f"sqlite:///{tmp_path / 'summit.db'}") as store:
        store.upgrade()
        monkeypatch.setenv("DATABASE_URL", store.url)
        team = seed_workspace(store)
        _plan_alice(store, team)
        backup = tmp_path / "backup.db"
        code, out, _ = _run(capsys, "backup", str(backup))
        assert (code, out.strip()) == (0, f"backed up to {backup}")
        with store.session() as session:
            log_actual(
                session=session,
                workspace_id="T1",
                member_id=team.alice,
                day=date(2027, 3, 10),
                amount=Decimal("1.00"),
                idempotency_key="after-backup",
                source="cli",
                actor="U",
                now=NOW,
            )
        code, _, again_err = _run(capsys, "backup", str(backup))
        assert code == 2
        assert "already exists" in again_err
        code, out, _ = _run(capsys, "restore", str(backup))
        assert code == 0
        assert out.strip() == f"restored {backup} (schema revision {head_revision()})"
        code, exported, _ = _run(capsys, "export", "plan")
    assert [row[3] for row in csv.reader(io.StringIO(exported))][1:] == [
        "50000.00",
        "0.00",
        "7000.00",
    ]


def test_restore_refuses_a_file_that_is_not_a_summit_backup(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'summit.db'}")
    junk = _write_csv(tmp_path / "junk.db", "not a database at all, just text" * 100)
    code, _, err = _run(capsys, "restore", str(junk))
    assert code == 2
    assert "is not a Summit SQLite backup" in err


def test_backup_on_postgresql_points_to_pg_dump(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://summit@127.0.0.1:1/summit")
    for command in ("backup", "restore"):
        code, _, err = _run(capsys, command, str(tmp_path / "x.db"))
        assert code == 2
        assert "pg_dump" in err


def test_a_large_import_on_a_terminal_shows_progress_and_still_reports(
    store: Store,
    team: Team,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from storage.members import upsert_member

    with store.session() as session:
        for i in range(60):
            upsert_member(
                session=session, workspace_id="T1", slack_user_id=f"U{i:03d}", actor="U", now=NOW
            )
    lines = "".join(f"U{i:03d},10万,2027-03-08..2027-03-12\n" for i in range(60))
    file = _write_csv(tmp_path / "big.csv", "user,amount,period\n" + lines)
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    code, out, _ = _run(capsys, "import", "targets", str(file))
    assert code == 0
    assert "imported 60 targets (300 plan days)" in out
    with store.read() as session:
        assert len(active_targets(session=session, workspace_id="T1")) == 60
