"""Fixed vocabularies shared by models and services."""

from enum import StrEnum


class Role(StrEnum):
    manager = "manager"
    owner = "owner"
    rep = "rep"


class EngagementModel(StrEnum):
    management_only = "management_only"
    complete_department = "complete_department"


class ServiceLevel(StrEnum):
    part_time_sales_manager = "part_time_sales_manager"
    fractional_cro = "fractional_cro"
    fractional_cso = "fractional_cso"
    interim = "interim"


class MeasurementPeriod(StrEnum):
    month = "month"
    quarter = "quarter"


class RepStatus(StrEnum):
    active = "active"
    on_plan = "on_plan"
    exited = "exited"


class Motivator(StrEnum):
    achievement = "achievement"
    competition = "competition"
    teamwork = "teamwork"
    recognition = "recognition"
    money = "money"
    helping_people = "helping_people"
    autonomy = "autonomy"
    security = "security"
