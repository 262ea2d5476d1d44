"""`redline serve` refuses to expose single-user mode; `redline user` manages accounts."""

from __future__ import annotations

import io
import json
import sys

import pytest

from redline.cli.main import main


def test_single_user_mode_stays_on_loopback(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--host", "0.0.0.0", "--port", "1"]) == 2
    assert "--multi-user" in capsys.readouterr().err


def test_user_commands(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("a good long password\n"))
    assert main(["user", "add", "ada", "--role", "admin", "--password-stdin"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    assert main(["user", "add", "bob", "--password-stdin"]) == 2  # too short
    assert main(["user", "add", "bad name!", "--password-stdin"]) == 2
    assert main(["user", "set-role", "ada", "coder"]) == 0
    assert main(["user", "set-role", "ada", "king"]) == 2
    capsys.readouterr()
    assert main(["user", "list", "--format", "json"]) == 0
    users = json.loads(capsys.readouterr().out)["users"]
    assert [(u["user"], u["role"], u["active"]) for u in users] == [("ada", "coder", True)]
    assert main(["user", "deactivate", "ada"]) == 0
    assert main(["user", "deactivate", "nobody"]) == 2


def test_app_factory_reads_settings_from_the_environment(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from redline.cli.serve import SETTINGS_ENV, app_from_env

    monkeypatch.setenv("REDLINE_SECRET_KEY", "k" * 48)
    monkeypatch.setenv(
        SETTINGS_ENV,
        json.dumps(
            {"database_url": sqlite_url, "multi_user": True, "allowed_hosts": ["testserver"], "warm": False}
        ),
    )
    app = app_from_env()
    assert app.state.settings.multi_user and app.state.settings.allowed_hosts == ("testserver",)
