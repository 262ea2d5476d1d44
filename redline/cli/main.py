"""The `redline` command: a thin Typer shell over the Python API.

Each command group lives in its own module under ``redline.cli`` and exposes
``register(app)``; :data:`COMMAND_MODULES` lists them in help order.
"""

from __future__ import annotations

import importlib
import sys

import typer

from redline.errors import RedlineError

COMMAND_MODULES: tuple[str, ...] = (
    "redline.cli.split",
    "redline.cli.case",
    "redline.cli.db",
    "redline.cli.code",
    "redline.cli.code_suggest",
    "redline.cli.code_check",
    "redline.cli.codebook",
    "redline.cli.analysis",
    "redline.cli.compare",
    "redline.cli.simulate",
    "redline.cli.serve",
    "redline.cli.report",
)

app = typer.Typer(
    name="redline",
    help="Track, align, code and measure peace-negotiation drafts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main(argv: list[str] | None = None) -> int:
    """Entry point: run the app, turning redline errors into messages and exit codes."""
    from redline.cli.common import err_console

    try:
        app(args=argv, standalone_mode=False)
    except RedlineError as exc:
        err_console.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True)
        return exc.exit_code
    except typer.Exit as exc:  # raised by typer for --help and explicit exits
        return exc.exit_code
    except (typer.Abort, KeyboardInterrupt):
        err_console.print("aborted")
        return 1
    except Exception as exc:  # usage errors of click (typer may bundle its own copy of click)
        if callable(getattr(exc, "show", None)) and isinstance(getattr(exc, "exit_code", None), int):
            exc.show()
            return 2 if exc.exit_code in (0, 2) else exc.exit_code
        raise
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
