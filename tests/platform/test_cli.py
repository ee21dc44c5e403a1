"""The command line: migrate, seed-demo (idempotent), create-manager, export-openapi."""

import pytest
from fastapi.testclient import TestClient

from app.__main__ import main
from app.main import create_app
from app.settings import Settings


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ENVIRONMENT", "development")
    monkeypatch.delenv("JWT_SECRET", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _login(http: TestClient, email: str, password: str = "demo-password"):
    return http.post("/api/v1/auth/token", data={"username": email, "password": password})


def test_seed_demo_is_idempotent_and_its_logins_work(cli_env, capsys):
    assert main(["seed-demo"]) == 0
    assert "11 users created, 2 clients created, 8 reps created" in capsys.readouterr().out
    assert main(["seed-demo"]) == 0
    assert "0 users created, 0 clients created, 0 reps created" in capsys.readouterr().out

    http = TestClient(create_app(Settings()))
    manager = _login(http, "manager@demo.example").json()["access_token"]
    names = [c["name"] for c in http.get(
        "/api/v1/clients", headers={"Authorization": f"Bearer {manager}"}).json()["items"]]
    assert sorted(names) == ["Acme Manufacturing", "Intelligence IT Services"]

    owner = _login(http, "owner@intelligence.demo.example").json()["access_token"]
    auth = {"Authorization": f"Bearer {owner}"}
    assert [c["name"] for c in http.get("/api/v1/clients", headers=auth).json()["items"]] == [
        "Intelligence IT Services"]
    assert len(http.get("/api/v1/reps", headers=auth).json()["items"]) == 3
    assert _login(http, "rep5@acme.demo.example").status_code == 200


def test_dev_secret_is_generated_once_so_tokens_survive_a_restart(cli_env):
    assert main(["seed-demo"]) == 0
    token = _login(TestClient(create_app(Settings())), "manager@demo.example").json()
    restarted = TestClient(create_app(Settings()))
    me = restarted.get("/api/v1/me", headers={"Authorization": f"Bearer {token['access_token']}"})
    assert me.status_code == 200 and me.json()["email"] == "manager@demo.example"


def test_create_manager_takes_the_password_from_the_environment(cli_env, monkeypatch):
    assert main(["migrate"]) == 0
    monkeypatch.setenv("MANAGER_PASSWORD", "a-strong-password")
    assert main(["create-manager", "--email", "New.Manager@Example.com"]) == 0
    assert main(["create-manager", "--email", "new.manager@example.com"]) == 1
    http = TestClient(create_app(Settings()))
    response = _login(http, "new.manager@example.com", "a-strong-password")
    assert response.status_code == 200


def test_create_manager_refuses_a_short_password(cli_env, monkeypatch, capsys):
    assert main(["migrate"]) == 0
    monkeypatch.setenv("MANAGER_PASSWORD", "short")
    assert main(["create-manager", "--email", "m@example.com"]) == 2
    assert "password" in capsys.readouterr().err


def test_production_without_a_secret_refuses_to_start(cli_env, monkeypatch, capsys):
    monkeypatch.setenv("ENVIRONMENT", "production")
    assert main(["migrate"]) == 2
    assert "JWT_SECRET" in capsys.readouterr().err
