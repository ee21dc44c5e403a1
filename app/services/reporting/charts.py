"""The report's charts, drawn by matplotlib as SVG text to inline in the page (and the PDF):
won revenue against the target's pace, pipeline coverage against its floor, each rep's
activity against the target, and the period's forecast by method against the target."""

import io
from datetime import date, timedelta
from decimal import Decimal

from app.models.reporting.report import ReportRead

INK, MUTED, GOOD, BAD, ACCENT = "#1f2933", "#9aa5b1", "#2f855a", "#c53030", "#2b6cb0"
SIZE = (6.4, 2.8)


def _pyplot():
    """pyplot on the Agg backend, text kept as text (searchable, smaller), ids stable."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"svg.fonttype": "none", "font.family": "DejaVu Sans",
                         "font.size": 9, "axes.spines.top": False,
                         "axes.spines.right": False, "axes.edgecolor": MUTED,
                         "axes.labelcolor": INK, "xtick.color": INK, "ytick.color": INK})
    return plt


def _svg(plt, fig, name: str) -> str:
    plt.rcParams["svg.hashsalt"] = name  # ids differ between the charts of one page
    out = io.StringIO()
    fig.tight_layout()
    fig.savefig(out, format="svg", metadata={"Date": None})
    plt.close(fig)
    text = out.getvalue()
    return text[text.index("<svg"):]  # no XML prolog inside HTML


def charts(report: ReportRead) -> dict[str, str]:
    """Each chart's SVG by name."""
    plt = _pyplot()
    return {"won_vs_pace": won_vs_pace(plt, report), "coverage": coverage(plt, report),
            "activity": activity(plt, report), "forecast": forecast(plt, report)}


def won_vs_pace(plt, report: ReportRead) -> str:
    """Won to date at each week's end (and the report's day), from the period's won deals,
    against the straight line from nothing to the target."""
    f = report.figures
    days = (report.period_end - report.period_start).days + 1
    ends = sorted({min(w.starts_on + timedelta(days=6), report.as_of)
                   for w in f.coverage.weeks} | {report.as_of})
    ends = [d for d in ends if d >= report.period_start]
    won = [float(sum((d.amount for d in f.deals.won if d.closed_on <= end), Decimal(0)))
           for end in ends]
    pace = [float(f.results.target) * ((end - report.period_start).days + 1) / days
            for end in ends]
    fig, ax = plt.subplots(figsize=SIZE)
    ax.plot(ends, pace, color=MUTED, linestyle="--", label="Target pace")
    ax.plot(ends, won, color=ACCENT, marker="o", label="Won")
    ax.set_title("Won revenue against the target's pace", loc="left")
    ax.legend(frameon=False)
    ax.yaxis.set_major_formatter(_thousands())
    _dates(ax, ends)
    return _svg(plt, fig, "won")


def coverage(plt, report: ReportRead) -> str:
    c = report.figures.coverage
    weeks = [w.week[-3:] for w in c.weeks]
    values = [w.pipeline_coverage or 0 for w in c.weeks]
    fig, ax = plt.subplots(figsize=SIZE)
    ax.bar(weeks, values, color=[GOOD if v >= c.pipeline_coverage_floor else BAD
                                 for v in values])
    ax.axhline(c.pipeline_coverage_floor, color=INK, linestyle="--",
               label=f"Floor {c.pipeline_coverage_floor:g}x")
    ax.set_title("Pipeline coverage per week", loc="left")
    ax.legend(frameon=False)
    return _svg(plt, fig, "coverage")


def activity(plt, report: ReportRead) -> str:
    f = report.figures
    names = [r.full_name for r in f.reps] or ["(no rep)"]
    values = [r.calls_meetings_per_week or 0 for r in f.reps] or [0]
    fig, ax = plt.subplots(figsize=(SIZE[0], 0.5 + 0.35 * len(names)))
    ax.barh(names, values, color=[GOOD if v >= f.weekly_calls_target else BAD
                                  for v in values])
    ax.axvline(f.weekly_calls_target, color=INK, linestyle="--",
               label=f"Target {f.weekly_calls_target} a week")
    ax.invert_yaxis()
    ax.set_title("Calls and meetings per week, per rep", loc="left")
    ax.legend(frameon=False, loc="lower right", bbox_to_anchor=(1, 1))
    return _svg(plt, fig, "activity")


def forecast(plt, report: ReportRead) -> str:
    o = report.figures.outlook
    shown = [(m.method.replace("_", " "), float(m.value)) for m in o.methods
             if m.value is not None]
    fig, ax = plt.subplots(figsize=(SIZE[0], 0.5 + 0.35 * len(shown)))
    ax.barh([n for n, _ in shown], [v for _, v in shown],
            color=[ACCENT if n == o.headline_method.replace("_", " ") else MUTED
                   for n, _ in shown])
    ax.axvline(float(o.target), color=INK, linestyle="--", label="Target")
    ax.invert_yaxis()
    ax.set_title("Where the period ends, by method", loc="left")
    ax.xaxis.set_major_formatter(_thousands())
    ax.legend(frameon=False, loc="lower right", bbox_to_anchor=(1, 1))
    return _svg(plt, fig, "forecast")


def _dates(ax, days: list[date]) -> None:
    """A label per point, but not two within 3 days of each other (the later one stays)."""
    ax.set_xticks(days)
    ax.set_xticklabels(["" if i + 1 < len(days) and (days[i + 1] - d).days < 3
                        else d.strftime("%b %d") for i, d in enumerate(days)])


def _thousands():
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _: f"{v / 1000:,.0f}k" if abs(v) >= 1000 else f"{v:,.0f}")
