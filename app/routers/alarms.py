"""/api/v1/alarms and /api/v1/portfolio: what needs attention, across the practice."""

from fastapi import APIRouter

from app.openapi import Tag

router = APIRouter(tags=[Tag.alarms])
