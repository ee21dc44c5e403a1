"""The report as one self-contained HTML page (styles inline, charts inline SVG: the page
asks nothing of any server) and as a PDF made from that page by WeasyPrint, which is not
allowed to fetch anything either."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.numbers import format_currency
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from app.models.reporting.report import ReportRead
from app.services.reporting.charts import charts

TEMPLATES = Path(__file__).with_name("templates")
LOCALE = "en_US"


class FetchRefused(Exception):
    pass


def _environment(report: ReportRead) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(),
                      trim_blocks=True, lstrip_blocks=True)
    zone = ZoneInfo(report.timezone)

    def money(value: Decimal | None) -> str:
        return "–" if value is None else format_currency(value, report.currency,
                                                         locale=LOCALE)

    def pct(value: float | None) -> str:
        return "–" if value is None else f"{value * 100:.0f} %"

    def times(value: float | None) -> str:
        return "–" if value is None else f"{value:.1f}x"

    def day(value: date | datetime | None) -> str:
        if value is None:
            return "–"
        if isinstance(value, datetime):
            value = value.astimezone(zone)
            return value.strftime("%b %d, %Y %H:%M %Z")
        return value.strftime("%b %d, %Y")

    env.filters.update(money=money, pct=pct, times=times, day=day,
                       words=lambda v: str(v).replace("_", " "))
    return env


def render_html(report: ReportRead) -> str:
    drawn = {name: Markup(svg) for name, svg in charts(report).items()}
    return _environment(report).get_template("report.html").render(r=report,
                                                                    f=report.figures,
                                                                    charts=drawn)


def render_pdf(report: ReportRead) -> bytes:
    from weasyprint import HTML

    def refuse(url: str, *args, **kwargs):
        raise FetchRefused(f"the report asked for {url}")

    return HTML(string=render_html(report), url_fetcher=refuse).write_pdf()
