"""python -m tests.browser.docs_login [OUT]: the interactive docs as a manager uses them, in
a real browser. Not a pytest module: it needs Debian's `chromium` and the `playwright`
package (see report_page.py); `.ci/run` runs it where they can be installed.

Seeds the demo on a fresh SQLite file, serves the app with uvicorn and, in headless
Chromium, opens /docs, checks that Authorize asks for an email and shows no OAuth client
fields, logs in as the demo manager, then runs "List deals" with "Try it out" and expects
a 200 with deals in it. Then lets the session renew: the refresh token is rotated (the
docs' script does it a minute before expiry; here it is asked to at once) and "List deals"
runs again with the new token. Fails if the page asks for anything outside the server."""

import sys
import tempfile
from pathlib import Path

from app.demo.seed import DEMO_PASSWORD, MANAGER_EMAIL
from tests.support.servers import demo_server

CHROMIUM = "/usr/bin/chromium"


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path(tempfile.mkdtemp(prefix="docs-check-"))
    out.mkdir(parents=True, exist_ok=True)
    with demo_server() as base:
        problems = _browse(base, out / "docs.png")
    print(f"screenshot: {out / 'docs.png'}")
    for problem in problems:
        print(f"FAILED: {problem}")
    if not problems:
        print("docs: Authorize asks for the email, List deals answers 200, the session renews")
    return 1 if problems else 0


def _browse(base: str, screenshot: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    problems: list[str] = []
    asked: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1200, "height": 1400})
        page.on("request", lambda request: asked.append(request.url))
        page.goto(f"{base}/docs", wait_until="networkidle")
        page.get_by_role("button", name="Authorize").first.click()
        label = page.locator('label[for="oauth_username"]').first.inner_text()
        if label.strip() != "email:":
            problems.append(f"the login field reads {label!r}, not 'email:'")
        if page.locator("[data-name=clientId]").first.is_visible():
            problems.append("the OAuth client_id field is shown")
        page.fill("#oauth_username", MANAGER_EMAIL)
        page.fill("#oauth_password", DEMO_PASSWORD)
        page.locator(".auth-btn-wrapper button.authorize").first.click()
        page.get_by_role("button", name="Close").first.click()
        problems += _list_deals(page, "after logging in")
        renewed = page.evaluate("""async () => {
            const before = sessionStorage.getItem("fsm.refresh_token");
            const token = await window.fsmDocs.renew();
            return Boolean(before && token &&
                           sessionStorage.getItem("fsm.refresh_token") !== before);
        }""")
        if not renewed:
            problems.append("the docs kept no refresh token to renew the session with")
        problems += _list_deals(page, "after the session renewed")
        page.screenshot(path=str(screenshot), full_page=False)
        browser.close()
    problems += [f"the page asked for {u}" for u in asked if not u.startswith(base)]
    return problems


def _list_deals(page, when: str) -> list[str]:
    operation = page.locator("#operations-deals-deals_list")
    if not operation.count():  # the groups start folded
        page.locator("#operations-tag-deals").click()
    if not operation.locator(".opblock-body").count():
        operation.locator(".opblock-summary").click()
    try_it = operation.get_by_role("button", name="Try it out")
    if try_it.count():
        try_it.click()
    operation.get_by_role("button", name="Execute").click()
    answer = operation.locator(".live-responses-table tr.response")
    status = answer.locator(".response-col_status").first
    status.wait_for(timeout=15000)
    code = status.inner_text().strip()
    body = answer.locator(".response-col_description pre").first
    if code != "200" or '"items"' not in body.inner_text():
        return [f"List deals answered {code} {when}"]
    operation.get_by_role("button", name="Clear").click()
    return []


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
