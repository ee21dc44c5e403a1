"""/api/v1/clients/{id}/pipeline-changes: the waterfall of the open pipeline."""

from fastapi import APIRouter

from app.openapi import Tag

router = APIRouter(tags=[Tag.kpis])
