"""python -m tests.browser.report_page [OUT]: the demo's published report as an owner sees
it, in a real browser. Not a pytest module: it needs Debian's `chromium` and `pdftoppm`
(poppler-utils) and the `playwright` package (which drives that Chromium; no browser of its
own is downloaded); `.ci/run` runs it where they can be installed.

Seeds the demo on a fresh SQLite file, serves the app with uvicorn, logs in as Acme's
owner and opens the last published report's page in headless Chromium. Fails if the page
asks for anything outside the server, or if one of the four charts is missing or empty;
saves a full-page screenshot, then turns the PDF's pages into PNGs. Writes to OUT (default:
a temporary folder) and prints what it wrote."""

import subprocess
import sys
import tempfile
from pathlib import Path

import httpx

from app.demo.seed import DEMO_PASSWORD
from tests.support.servers import demo_server

CHARTS = ("chart-won", "chart-forecast", "chart-coverage", "chart-activity")
CHROMIUM = "/usr/bin/chromium"
OWNER = "owner@acme.demo.example"


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="report-check-"))
    out.mkdir(parents=True, exist_ok=True)
    with demo_server() as base:
        page_url, pdf, headers = _published(base)
        problems = _browse(base, page_url, headers, out / "report.png")
        (out / "report.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(out / "report.pdf"),
                        str(out / "report-page")], check=True)
    pages = sorted(out.glob("report-page*.png"))
    if not pages:
        problems.append("the PDF turned into no page")
    print(f"screenshot: {out / 'report.png'}")
    print(f"PDF: {out / 'report.pdf'} ({len(pages)} pages as PNG)")
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems else 0


def _published(base: str) -> tuple[str, bytes, dict[str, str]]:
    """The page's address and the PDF of the owner's latest published report, and the
    owner's headers."""
    token = httpx.post(f"{base}/api/v1/auth/token", data={
        "username": OWNER, "password": DEMO_PASSWORD}).raise_for_status().json()
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    client = httpx.get(f"{base}/api/v1/clients", headers=headers).json()["items"][0]
    listed = httpx.get(f"{base}/api/v1/clients/{client['id']}/reports", headers=headers).json()
    period = listed["items"][0]["period"]
    page_url = f"{base}/api/v1/clients/{client['id']}/reports/{period}.html"
    pdf = httpx.get(page_url.replace(".html", ".pdf"), headers=headers, timeout=60)
    pdf.raise_for_status()
    return page_url, pdf.content, headers


def _browse(base: str, page_url: str, headers: dict[str, str],
            screenshot: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    asked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        context = browser.new_context(extra_http_headers=headers,
                                      viewport={"width": 1000, "height": 1200})
        page = context.new_page()
        page.on("request", lambda request: asked.append(request.url))
        response = page.goto(page_url, wait_until="networkidle")
        if response is None or response.status != 200:
            problems.append(f"the page answered {response and response.status}")
        for chart in CHARTS:
            drawn = page.locator(f"#{chart} svg path").count()
            if drawn == 0:
                problems.append(f"chart {chart} is missing or empty")
        page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    problems += [f"the page asked for {u}" for u in asked if not u.startswith(base)]
    return problems


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
