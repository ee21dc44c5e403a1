"""Alarms a manager can trust: each family in its own module with an ordered rule table
(client_level, activity, deals, integrity, cadence), every number a client setting
(models/insights/alarm_rules.py); client health; what people did about an alarm."""

from app.services.insights.alarms.compute import clients_alarms
from app.services.insights.alarms.service import (
    acknowledge,
    client_health,
    digest,
    list_alarms,
    snooze,
    standing,
)

__all__ = ["acknowledge", "client_health", "clients_alarms", "digest", "list_alarms",
           "snooze", "standing"]
