"""The scenario benchmark of the alarms (and the forecast): teams with a known story, built
through the app's own services at past dates, replayed week by week."""
