"""Log in to a running Odoo and take screenshots of pages, as a user sees them.

Usage: python screenshot.py OUT_DIR NAME=URL_PATH [NAME=URL_PATH ...]
Needs the `playwright` package and Debian's chromium (/usr/bin/chromium).
Environment: ODOO_URL (http://localhost:8069), ODOO_LOGIN / ODOO_PASSWORD (admin),
ODOO_LANG (e.g. zh_CN, to see the Chinese interface).
"""

import os
import sys

from playwright.sync_api import sync_playwright

URL = os.environ.get("ODOO_URL", "http://localhost:8069")


def main(out_dir, pages):
    os.makedirs(out_dir, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(f"{URL}/web/login")
        page.fill("input[name=login]", os.environ.get("ODOO_LOGIN", "admin"))
        page.fill("input[name=password]", os.environ.get("ODOO_PASSWORD", "admin"))
        page.click("button[type=submit]")
        page.wait_for_url("**/odoo**")
        lang = os.environ.get("ODOO_LANG")
        for spec in pages:
            name, path = spec.split("=", 1)
            if lang:
                path += ("&" if "?" in path else "?") + f"lang={lang}"
            page.goto(URL + path)
            # Odoo keeps a long-polling connection open: wait for the view instead
            try:
                page.wait_for_selector(
                    ".o_action_manager .o_view_controller, .o_action_manager .o_content", timeout=30000
                )
            except Exception as error:
                print(f"{name}: no view after 30 s ({type(error).__name__}); screenshot taken as it is")
            page.wait_for_timeout(1500)
            target = os.path.join(out_dir, f"{name}.png")
            page.screenshot(path=target, full_page=True)
            print(target)
        browser.close()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
