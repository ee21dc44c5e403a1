"""The shape of the pipeline waterfall: how the open pipeline moved between two days."""

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from app.models.base import MoneyTotal

EXAMPLE = {
    "client_id": "5f0c6f9e-8d1a-4c47-9a57-2b8f3f1f7a10", "from": "2026-10-21",
    "to": "2026-11-20", "timezone": "Europe/Berlin",
    "start": {"count": 5, "amount": "128000.00"},
    "new": {"count": 1, "amount": "12000.00"},
    "reopened": {"count": 1, "amount": "7000.00"},
    "amount_up": {"count": 1, "amount": "15000.00"},
    "amount_down": {"count": 1, "amount": "10000.00"},
    "won": {"count": 1, "amount": "50000.00"},
    "lost": {"count": 1, "amount": "8000.00"},
    "end": {"count": 5, "amount": "94000.00"},
    "pulled_in": {"count": 1, "amount": "30000.00"},
    "pushed_out": {"count": 1, "amount": "10000.00"},
}


class Movement(BaseModel):
    """A number of deals and the money they account for (never negative)."""

    count: int = Field(ge=0)
    amount: MoneyTotal


class PipelineChanges(BaseModel):
    """The open pipeline at the end of `from` and of `to` (each day ending at midnight in
    the client's time zone, deals as they stood then) and what moved it. Deals are open in
    prospecting, discovery, proposal or negotiation. Exactly, in amounts and in counts
    (amount_up and amount_down count no deals in or out):

        start + new + reopened + amount_up - amount_down - won - lost = end

    A deal created and closed inside the window, or created after `to`, is in none of them:
    it is open at neither end. pulled_in and pushed_out are informational."""

    model_config = ConfigDict(populate_by_name=True,
                              json_schema_extra={"examples": [EXAMPLE]})
    client_id: uuid.UUID
    from_: date = Field(alias="from", description="The first end of the window.")
    to: date = Field(description="The last end of the window.")
    timezone: str = Field(description="The client's time zone, in which each day ends.")
    start: Movement = Field(description="Deals open at the end of `from`; their amount then.")
    new: Movement = Field(description="Deals open at the end of `to` that did not exist at "
                                      "the end of `from`; their amount at `to`.")
    reopened: Movement = Field(description="Deals closed (won or lost) at the end of `from` "
                                           "and open again at the end of `to`; their amount "
                                           "at `to`.")
    amount_up: Movement = Field(description="Deals open at both ends whose amount rose; the "
                                            "sum of the rises (amount at `to` minus at `from`).")
    amount_down: Movement = Field(description="Deals open at both ends whose amount fell; the "
                                              "sum of the falls (amount at `from` minus at "
                                              "`to`).")
    won: Movement = Field(description="Deals open at the end of `from` and closed_won at the "
                                      "end of `to`; their amount at `from`.")
    lost: Movement = Field(description="Deals open at the end of `from` and closed_lost at "
                                       "the end of `to`; their amount at `from`.")
    end: Movement = Field(description="Deals open at the end of `to`; their amount then.")
    pulled_in: Movement = Field(description="Informational: deals open at both ends whose "
                                            "expected close at `to` is earlier than at "
                                            "`from`; their amount at `to`.")
    pushed_out: Movement = Field(description="Informational: deals open at both ends whose "
                                             "expected close at `to` is later than at `from` "
                                             "(slipped); their amount at `to`.")
