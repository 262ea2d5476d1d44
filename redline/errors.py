"""Error types shared by every layer.

The CLI maps :class:`InputError` to exit code 2 (bad input or usage) and any other
:class:`RedlineError` to exit code 1 (internal failure).  Messages name the file and,
where known, the line or page, so a user can find the problem.
"""

from __future__ import annotations

from pathlib import Path


class RedlineError(Exception):
    """Base class of redline's own errors."""

    exit_code = 1


class InputError(RedlineError):
    """Bad input or usage: the user can fix it.  Exit code 2."""

    exit_code = 2

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        page: int | None = None,
    ) -> None:
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.page = page
        super().__init__(self.__str__())

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = self.path
            if self.line is not None:
                where += f":{self.line}"
            if self.page is not None:
                where += f" (page {self.page})"
            where += ": "
        return f"{where}{self.message}"


class ValidationErrors(InputError):
    """Several input problems reported together (for example a case bundle)."""

    def __init__(self, problems: list[InputError]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} problem(s)")

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)


class ConflictError(RedlineError):
    """A concurrent edit was detected (optimistic locking).  Exit code 1."""

    exit_code = 1


class NotFoundError(InputError):
    """A named case, document, provision or coding does not exist."""
