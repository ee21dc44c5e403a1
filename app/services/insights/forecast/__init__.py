"""A forecast you can trust: every method side by side for the client and each rep (they
add up), a headline chosen by each client's own past accuracy, weekly calls, snapshots, and
accuracy measured against what was won."""

from app.services.insights.forecast.accuracy import forecast_accuracy
from app.services.insights.forecast.calls import list_calls, put_call
from app.services.insights.forecast.service import forecast_of, get_forecast
from app.services.insights.forecast.snapshots import history, take_due

__all__ = ["forecast_accuracy", "forecast_of", "get_forecast", "history", "list_calls",
           "put_call", "take_due"]
