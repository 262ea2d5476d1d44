"""Settings of one dashboard process (``redline serve`` options, or tests)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
UPLOAD_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf", ".docx")
SECRET_ENV = "REDLINE_SECRET_KEY"


@dataclass
class WebSettings:
    """Everything the app needs to know; defaults are the single-user demo on localhost.

    ``encoder`` names the embedding backend of compare, search and suggestions (see
    :func:`redline.align.encoders.get_encoder`), or is an encoder object (tests).
    """

    database_url: str | None = None
    multi_user: bool = False
    case: str | None = None  # the case ``/`` opens; None = the first case in the database
    secret_key: str | None = None
    local_user: str = "analyst"  # the coder name of single-user mode
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS
    secure_cookies: bool = False  # set the Secure flag (behind HTTPS)
    max_upload_bytes: int = 10 * 1024 * 1024
    login_attempts: int = 5  # failed logins per window, per client address and per user name
    login_window_seconds: int = 300
    fingerprint_ttl: float = 1.0  # seconds a case's data fingerprint is trusted before re-checking
    replicates: int = 400  # bootstrap replicates of the measures' intervals
    encoder: Any = "default"
    max_runs: int = 1000  # Monte Carlo runs a simulation request may ask for
    warm: bool = True  # compute the default case's measures in the background at start
    extra: dict[str, Any] = field(default_factory=dict)

    def resolved_secret(self) -> str:
        """The session signing key: given, from ``$REDLINE_SECRET_KEY``, or a key file in the data dir."""
        if self.secret_key:
            return self.secret_key
        env = os.environ.get(SECRET_ENV)
        if env:
            return env
        from platformdirs import user_data_dir

        path = Path(user_data_dir("redline", appauthor=False)) / "web-secret.key"
        try:
            return path.read_text(encoding="ascii").strip()
        except FileNotFoundError:
            path.parent.mkdir(parents=True, exist_ok=True)
            key = secrets.token_urlsafe(48)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(key, encoding="ascii")
            tmp.chmod(0o600)
            tmp.replace(path)
            return key
