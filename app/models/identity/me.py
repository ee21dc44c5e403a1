"""The caller's own view of itself."""

import uuid

from pydantic import ConfigDict

from app.models.identity.user import UserRead


class MeRead(UserRead):
    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "3d5c2a1b-9e8f-4a7b-8c6d-5e4f3a2b1c0d", "email": "manager@demo.example",
        "full_name": "Morgan Manager", "role": "manager", "client_id": None, "is_active": True,
        "last_login_at": "2026-11-23T09:00:00Z", "created_at": "2026-01-05T15:04:05Z",
        "updated_at": "2026-01-05T15:04:05Z", "version": 1, "rep_id": None,
        "client_ids": ["5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10"]}]})
    rep_id: uuid.UUID | None
    client_ids: list[uuid.UUID]
