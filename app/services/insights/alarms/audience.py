"""Who may read an alarm: everyone who may read the client's alarms, except for the
integrity alarms, which are for the managers, and for the owner where the client allows,
never for a rep (the manager talks to the rep first); and the alarm about the owner's
engagement, which is the managers' alone. The API's lists and the webhook
deliveries both go by this."""

from app.models import Client
from app.models.enums import Role
from app.models.insights.alarm import INTEGRITY_CODES, MANAGER_CODES, AlarmCode
from app.services.access.principal import Principal


def may_see(principal: Principal, client: Client | None, code: AlarmCode | str) -> bool:
    """Whether `principal` may read an alarm of this code about `client` (None: a client no
    longer on record, whose integrity alarms only its managers may read)."""
    if AlarmCode(code) in MANAGER_CODES:
        return principal.role is Role.manager
    if AlarmCode(code) not in INTEGRITY_CODES:
        return True
    if principal.role is Role.owner:
        return client is not None and client.rules.integrity_alarms_to_owner
    return principal.role is Role.manager
