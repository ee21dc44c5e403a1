"""Settings from the environment and an optional `.env` file."""

import os
import secrets
from functools import cached_property
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from app.core.clock import Clock

EXAMPLE_SECRETS = {"changeme", "change-me", "secret", "example", "your-secret-here"}
MIN_SECRET_BYTES = 32


class Settings(BaseSettings):
    """Every setting the server reads; see README for the table."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path("data")
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: a SQLite file in DATA_DIR."
    )
    jwt_secret: str | None = Field(default=None, repr=False)
    jwt_issuer: str = "fractional-sales-api"
    jwt_audience: str = "fractional-sales-api"
    access_token_minutes: int = Field(default=15, ge=1, le=24 * 60)
    refresh_token_days: int = Field(default=14, ge=1, le=365)
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    log_level: str = "INFO"
    forwarded_allow_ips: str = Field(default="127.0.0.1", description=(
        "The proxies (IPs or CIDRs, comma-separated; * for any) whose X-Forwarded-For and "
        "X-Forwarded-Proto are trusted: the client IP the rate limit and the logs see."))
    max_body_bytes: int = 1024 * 1024
    max_import_bytes: int = Field(default=50 * 1024 * 1024, description=(
        "The CSV import routes take files up to this size (streamed, never held whole)."))
    imports_embedded_worker: bool = Field(
        default=True, description="Run large imports (jobs) inside the server; set false "
                                  "when `python -m app import-worker` runs on its own.")
    login_max_failures: int = 10
    login_window_minutes: int = 15
    db_pool_size: int = 10
    webhooks_embedded_worker: bool = Field(
        default=True, description="Run the webhook dispatcher inside the server; set false "
                                  "when `python -m app webhook-worker` runs on its own.")
    webhooks_allow_private_targets: bool = Field(
        default=False, description="Allow loopback, private and link-local webhook targets "
                                   "(tests, local receivers); never in production.")
    webhooks_poll_seconds: float = Field(default=2.0, gt=0)
    webhooks_alarm_check_seconds: float = Field(default=300.0, gt=0)
    webhooks_timeout_seconds: float = Field(default=15.0, gt=0)
    webhooks_secret_overlap_hours: float = Field(default=24.0, ge=0)
    webhooks_retry_hours: float = Field(default=24.0, gt=0)
    webhooks_keep_days: int = Field(default=30, ge=1)
    redis_url: str | None = Field(
        default=None, description="Rate-limit counters shared by every worker; default: in "
                                  "process (one server only).")
    rate_limit_per_minute: int = Field(
        default=600, ge=0, description="Requests per user, API key or anonymous client IP "
                                       "and minute; 0 turns the limit off.")
    idempotency_hours: int = Field(default=24, ge=1, le=24 * 30)
    clock_offset_seconds: float = Field(
        default=0.0, description="Run the server's clock this many seconds ahead of (or, "
                                 "negative, behind) the wall clock: demos and tests at "
                                 "another date; 0 in production.")

    @cached_property
    def clock(self) -> Clock:
        """The clock every unit of work of this server reads."""
        return Clock.system(self.clock_offset_seconds)

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str) and not value.strip().startswith("["):
            return [origin.strip() for origin in value.split(",") if origin.strip()]
        return value

    @model_validator(mode="after")
    def _refuse_weak_secret_in_production(self) -> "Settings":
        if self.environment == "production":
            problem = secret_problem(self.jwt_secret)
            if problem:
                raise ValueError(f"JWT_SECRET {problem}; production refuses to start")
        return self

    @cached_property
    def resolved_database_url(self) -> str:
        """The configured URL, or the SQLite file in the data folder."""
        if self.database_url:
            return self.database_url
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(self.data_dir / 'app.db').resolve()}"

    @cached_property
    def resolved_jwt_secret(self) -> str:
        """The configured secret, or one generated once and kept in the data folder."""
        if self.jwt_secret:
            return self.jwt_secret
        path = self.data_dir / "jwt-secret"
        self.data_dir.mkdir(parents=True, exist_ok=True)
        try:  # created once, private from the start; whoever comes second reads it
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return path.read_text().strip()
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_urlsafe(48))
        return path.read_text().strip()


def secret_problem(secret: str | None) -> str | None:
    """Why a secret is unfit for production, or None."""
    if not secret:
        return "is missing"
    if len(secret.encode()) < MIN_SECRET_BYTES:
        return f"is shorter than {MIN_SECRET_BYTES} bytes"
    lowered = secret.lower()
    # "secret" alone is too common a word to refuse inside a longer value.
    if lowered in EXAMPLE_SECRETS or any(word in lowered for word in EXAMPLE_SECRETS - {"secret"}):
        return "is an example value"
    return None
