"""The envelope of every list."""

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(default=None, description=(
        "Pass as `cursor` for the next page; null on the last page."))

    @classmethod
    def model_parametrized_name(cls, params: tuple[type[Any], ...]) -> str:
        """`DealPage` for Page[DealRead]: a name that reads well in generated clients."""
        name = getattr(params[0], "__name__", "Item")
        return f"{name.removesuffix('Read')}Page"
