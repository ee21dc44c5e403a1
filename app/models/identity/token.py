"""Shapes of the auth endpoints."""

from pydantic import BaseModel, ConfigDict, Field


class TokenPair(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "access_token": "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9...", "token_type": "bearer",
        "expires_in": 900, "refresh_token": "5mZ0pQ0cX2mE5h8lq1v7yYtN3bKjW9aR4sT6uV8wX0c"}]})
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="Seconds until the access token expires.")
    refresh_token: str


class RefreshRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [
        {"refresh_token": "5mZ0pQ0cX2mE5h8lq1v7yYtN3bKjW9aR4sT6uV8wX0c"}]})
    refresh_token: str = Field(min_length=1, max_length=512)
