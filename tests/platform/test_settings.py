"""Settings: production refuses weak JWT secrets; development keeps a generated one."""

import pytest
from pydantic import ValidationError

from app.settings import Settings

STRONG_SECRET = "k3v9-Qz7mL2pX8rT4wY6bN1cF5hJ0dS-aG7uE2iO9"


def production(jwt_secret: str | None, **kw) -> Settings:
    return Settings(_env_file=None, environment="production", jwt_secret=jwt_secret, **kw)


def test_production_refuses_a_missing_secret():
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        production(None)


def test_production_refuses_a_short_secret():
    with pytest.raises(ValidationError, match="shorter"):
        production("short")


def test_production_refuses_a_secret_just_under_32_bytes():
    with pytest.raises(ValidationError, match="shorter"):
        production("x" * 31)


@pytest.mark.parametrize("secret", ["this-is-an-example-secret-for-the-docs-40",
                                    "changeme" * 5])
def test_production_refuses_an_example_secret(secret):
    with pytest.raises(ValidationError, match="JWT_SECRET"):
        production(secret)


def test_production_accepts_a_long_random_secret(tmp_path):
    settings = production(STRONG_SECRET, data_dir=tmp_path)
    assert settings.resolved_jwt_secret == STRONG_SECRET
    assert not (tmp_path / "jwt-secret").exists()


def test_development_generates_a_secret_file_and_reuses_it(tmp_path):
    first = Settings(_env_file=None, environment="development", data_dir=tmp_path)
    secret = first.resolved_jwt_secret
    assert (tmp_path / "jwt-secret").exists()
    assert len(secret.encode()) >= 32
    second = Settings(_env_file=None, environment="development", data_dir=tmp_path)
    assert second.resolved_jwt_secret == secret


def test_development_generated_secret_is_private_to_its_owner(tmp_path):
    settings = Settings(_env_file=None, environment="development", data_dir=tmp_path)
    assert settings.resolved_jwt_secret
    assert (tmp_path / "jwt-secret").stat().st_mode & 0o077 == 0
