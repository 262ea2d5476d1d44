"""`redline serve` (the web dashboard) and `redline user` (accounts of the multi-user server)."""

from __future__ import annotations

import json
import os
import sys
from typing import Annotated

import typer

from redline.cli.common import DatabaseOption, Format, FormatOption, db_session, emit, err_console

user_app = typer.Typer(
    help="Accounts of the multi-user dashboard (redline serve --multi-user).", no_args_is_help=True
)
SETTINGS_ENV = "REDLINE_WEB_SETTINGS"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve_cmd(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    case: Annotated[str | None, typer.Option("--case", "-c", help="Case the start page opens.")] = None,
    multi_user: Annotated[
        bool, typer.Option("--multi-user", help="Accounts with roles (viewer/coder/admin) and login.")
    ] = False,
    workers: Annotated[int, typer.Option("--workers", help="Worker processes (multi-core servers).")] = 1,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option("--allowed-host", help="Host name clients use to reach a shared server (repeatable)."),
    ] = None,
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="Mark cookies Secure (serve behind HTTPS).")
    ] = False,
    max_upload_mb: Annotated[float, typer.Option("--max-upload-mb", help="Upload size limit.")] = 10.0,
    encoder: Annotated[
        str, typer.Option("--encoder", help="Embedding backend of compare/search/suggestions.")
    ] = "default",
    database: DatabaseOption = None,
) -> None:
    """Serve the dashboard.  Without --multi-user: one local analyst, no login, loopback only.

    Examples:
      redline serve                       # http://127.0.0.1:8000
      redline serve --multi-user --host 0.0.0.0 --allowed-host redline.example.org --secure-cookies
    """
    import uvicorn

    from redline.errors import InputError

    if not multi_user and host not in LOOPBACK:
        raise InputError(
            f"single-user mode has no login, so it serves only this machine (127.0.0.1), not {host}; "
            "use --multi-user to share the dashboard"
        )
    if workers < 1:
        raise InputError("--workers must be at least 1")
    hosts = list(LOOPBACK) + list(allowed_host or [])
    if multi_user and host not in LOOPBACK and not allowed_host:
        hosts = ["*"]
        err_console.print("[yellow]note:[/] no --allowed-host given: requests for any host name are accepted")
    settings = {
        "database_url": database,
        "multi_user": multi_user,
        "case": case,
        "allowed_hosts": hosts,
        "secure_cookies": secure_cookies,
        "max_upload_bytes": int(max_upload_mb * 1024 * 1024),
        "encoder": encoder,
    }
    from redline.store.db import upgrade
    from redline.web.settings import WebSettings

    upgrade(database)
    if multi_user:
        _check_users(database)
    WebSettings(**{**settings, "allowed_hosts": tuple(hosts)}).resolved_secret()  # create the key file once
    shown = "127.0.0.1" if host in ("0.0.0.0", "::") else host
    mode = "multi-user" if multi_user else "single-user"
    err_console.print(f"redline dashboard ({mode}): [bold]http://{shown}:{port}[/]   (Ctrl+C stops it)")
    sys.stderr.flush()
    os.environ[SETTINGS_ENV] = json.dumps(settings)
    uvicorn.run(
        "redline.cli.serve:app_from_env",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="warning",
        proxy_headers=False,
    )


def app_from_env():  # type: ignore[no-untyped-def]
    """The app for uvicorn's factory mode (settings from ``$REDLINE_WEB_SETTINGS``; one per worker)."""
    from redline.web.app import create_app
    from redline.web.settings import WebSettings

    raw = json.loads(os.environ.get(SETTINGS_ENV, "{}"))
    raw["allowed_hosts"] = tuple(raw.get("allowed_hosts") or ())
    return create_app(WebSettings(**raw))


def _check_users(database: str | None) -> None:
    from redline.web.auth import list_users

    with db_session(database) as s:
        admins = [u for u in list_users(s) if u.role == "admin" and u.active]
    if not admins:
        err_console.print(
            "[yellow]warning:[/] no active admin account; create one with "
            "`redline user add NAME --role admin`"
        )


def _password(stdin: bool) -> str:
    if stdin:
        return sys.stdin.readline().rstrip("\n")
    return typer.prompt("password", hide_input=True, confirmation_prompt=True)


@user_app.command("add")
def add_cmd(
    username: Annotated[str, typer.Argument(help="User name.")],
    role: Annotated[str, typer.Option("--role", help="viewer | coder | admin")] = "viewer",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Create an account (argon2id password hash).  Example: redline user add ada --role admin"""
    from redline.web.auth import create_user

    password = _password(password_stdin)
    with db_session(database) as s:
        create_user(s, username, password, role)
    err_console.print(f"created {username} ({role})")


@user_app.command("list")
def list_cmd(fmt: FormatOption = Format.table, database: DatabaseOption = None) -> None:
    """List the accounts."""
    from redline.web.auth import list_users

    with db_session(database) as s:
        rows = [
            {
                "user": u.username,
                "role": u.role,
                "active": u.active,
                "last_login": u.last_login.isoformat() if u.last_login else None,
            }
            for u in list_users(s)
        ]
    emit(fmt, json_obj={"users": rows}, rows=rows, title="Users")


@user_app.command("set-role")
def set_role_cmd(
    username: Annotated[str, typer.Argument()],
    role: Annotated[str, typer.Argument(help="viewer | coder | admin")],
    database: DatabaseOption = None,
) -> None:
    """Change an account's role (ends its open sessions)."""
    from redline.web.auth import set_role

    with db_session(database) as s:
        set_role(s, username, role)
    err_console.print(f"{username} is now {role}")


@user_app.command("passwd")
def passwd_cmd(
    username: Annotated[str, typer.Argument()],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from stdin.")
    ] = False,
    database: DatabaseOption = None,
) -> None:
    """Set a new password (ends the account's open sessions)."""
    from redline.web.auth import set_password

    password = _password(password_stdin)
    with db_session(database) as s:
        set_password(s, username, password)
    err_console.print(f"password of {username} changed")


@user_app.command("deactivate")
def deactivate_cmd(username: Annotated[str, typer.Argument()], database: DatabaseOption = None) -> None:
    """Block an account (and end its sessions); `redline user activate` undoes it."""
    from redline.web.auth import set_active

    with db_session(database) as s:
        set_active(s, username, False)
    err_console.print(f"{username} deactivated")


@user_app.command("activate")
def activate_cmd(username: Annotated[str, typer.Argument()], database: DatabaseOption = None) -> None:
    """Unblock an account."""
    from redline.web.auth import set_active

    with db_session(database) as s:
        set_active(s, username, True)
    err_console.print(f"{username} activated")


def register(app: typer.Typer) -> None:
    app.command("serve")(serve_cmd)
    app.add_typer(user_app, name="user")
