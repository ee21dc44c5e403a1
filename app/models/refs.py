"""A related record as a screen shows it: its id and its name (the `expand` of a read)."""

import uuid

from pydantic import BaseModel, ConfigDict


class Ref(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [
        {"id": "0b7e1a52-2f7e-4d8c-9a3e-5d2c1b0a9f88", "name": "Riley Rep"}]})
    id: uuid.UUID
    name: str
