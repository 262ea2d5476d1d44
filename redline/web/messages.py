"""Interface words that reach templates as data (kinds, statuses, roles, relations), marked for translation.

``N_`` only marks a string for ``pybabel extract``; templates translate the value with ``_()``.
"""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802  (gettext convention)
    return message


DATA_WORDS = (
    # document kinds and statuses
    N_("proposal"),
    N_("memorandum"),
    N_("declaration"),
    N_("statement"),
    N_("strategy"),
    N_("official"),
    N_("leaked"),
    N_("reported"),
    # roles
    N_("viewer"),
    N_("coder"),
    N_("admin"),
    N_("author"),
    N_("co-author"),
    # alignment relations
    N_("same"),
    N_("modified"),
    N_("split"),
    N_("merged"),
    N_("dropped"),
    N_("added"),
)
