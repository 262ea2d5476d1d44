"""The web dashboard: a FastAPI + Jinja2 shell over the redline core.

Importing this package is cheap (no FastAPI): ``redline.web.auth_models`` is imported by the
Alembic environment.  The application itself is built by :func:`redline.web.app.create_app`.
"""
