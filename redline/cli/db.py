"""`redline db`: database location and migrations."""

from __future__ import annotations

import typer

from redline.cli.common import DatabaseOption, console

db_app = typer.Typer(help="Database: where it is and its schema version.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_cmd(database: DatabaseOption = None) -> None:
    """Apply schema migrations up to the newest.

    Example: redline db upgrade
    """
    from redline.store import db

    url = database or db.default_url()
    db.upgrade(url, force=True)
    console.print(f"database at revision {db.current_revision(url)}: {_safe(url)}")


@db_app.command("info")
def info_cmd(database: DatabaseOption = None) -> None:
    """Print the database URL in use and its schema revision.

    Example: redline db info
    """
    from redline.store import db

    url = database or db.default_url()
    rev = db.current_revision(url) if db.is_initialised(url) else None
    console.print(f"url: {_safe(url)}\nrevision: {rev or 'empty (run redline db upgrade)'}")


def _safe(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


def register(app: typer.Typer) -> None:
    app.add_typer(db_app, name="db")
