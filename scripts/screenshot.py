"""Log in to a running Odoo and take screenshots of pages, as a user sees them.

Usage:
  python screenshot.py OUT_DIR NAME=URL_PATH [NAME=URL_PATH ...]   the pages named
  python screenshot.py OUT_DIR                                     every menu of the addon the user sees

Without pages, the user's menus come from the web client's own menu list
(/web/webclient/load_menus, so only what the user's groups show): for each menu
of customer_service_dept with an action, one screenshot of what it opens
(``NN-<menu>-list.png``) and, when that is a list or kanban with records, one of
the first record's form (``NN-<menu>-form.png``). A menu whose action another
menu already opened is skipped. Problems seen on a page (an error dialog, a view
that did not load, an empty list) are printed and listed in OUT_DIR/report.txt.

Needs the `playwright` package and Debian's chromium (/usr/bin/chromium).
Environment: ODOO_URL (http://localhost:8069), ODOO_LOGIN / ODOO_PASSWORD (admin),
ODOO_LANG (e.g. zh_CN, to see a language other than the user's own), ODOO_TZ
(Asia/Shanghai) and ODOO_LOCALE (zh-CN): the browser's time zone and locale.
"""

import os
import sys

from playwright.sync_api import sync_playwright

URL = os.environ.get("ODOO_URL", "http://localhost:8069")
ADDON = "customer_service_dept."
VIEW = ".o_action_manager .o_view_controller, .o_action_manager .o_content, .modal .o_form_view, .modal-content"


def login(page):
    page.goto(f"{URL}/web/login")
    page.fill("input[name=login]", os.environ.get("ODOO_LOGIN", "admin"))
    page.fill("input[name=password]", os.environ.get("ODOO_PASSWORD", "admin"))
    page.click("button[type=submit]")
    # the first login after a start builds the web assets: give it time
    page.wait_for_url("**/odoo**", timeout=180000)


def wait_loaded(page):
    """Until the web client's 'Loading' badge is gone (a busy server answers slowly)."""
    page.wait_for_timeout(500)
    try:
        page.wait_for_selector(".o_loading_indicator", state="detached", timeout=60000)
    except Exception:  # the screenshot shows it
        pass
    page.wait_for_timeout(1000)


def settle(page, name, problems):
    """Wait for the view (Odoo keeps a long-polling connection open: no network idle)."""
    try:
        page.wait_for_selector(VIEW, timeout=30000)
    except Exception as error:  # the screenshot is taken as it is
        problems.append(f"{name}: no view after 30 s ({type(error).__name__})")
    wait_loaded(page)
    if page.locator(".o_error_dialog, .o_dialog .o_error_detail").count():
        problems.append(f"{name}: an error dialog is shown")


def shoot(page, out_dir, name):
    target = os.path.join(out_dir, f"{name}.png")
    page.screenshot(path=target, full_page=True)
    print(target)


def user_menus(page):
    """[(xmlid, name, action id)] of the addon's menus the user sees, in menu order, one per action."""
    menus = page.request.get(f"{URL}/web/webclient/load_menus").json()
    ordered, seen = [], set()

    def walk(menu_id):
        menu = menus.get(str(menu_id))
        if not menu:
            return
        action = menu["actionID"]
        # an app's own entry repeats the action of its first menu
        if menu["xmlid"].startswith(ADDON) and action and action not in seen and menu["appID"] != menu["id"]:
            seen.add(action)
            ordered.append((menu["xmlid"][len(ADDON) :], menu["name"], action))
        for child in menu["children"]:
            walk(child)

    for root in menus["root"]["children"]:
        walk(root)
    return ordered


def menu_pages(page, out_dir, problems):
    lang = os.environ.get("ODOO_LANG")
    menus = user_menus(page)
    if not menus:
        problems.append("the user sees no menu of the addon")
    for number, (xmlid, label, action_id) in enumerate(menus, start=1):
        name = f"{number:02d}-{xmlid}"
        page.goto(f"{URL}/odoo/action-{action_id}" + (f"?lang={lang}" if lang else ""))
        settle(page, f"{name} ({label})", problems)
        if page.locator(".modal").count():
            page.locator(".modal .modal-title").first.click()  # close a date picker opened by the autofocus
            page.wait_for_timeout(300)
        shoot(page, out_dir, f"{name}-list")
        if page.locator(".modal").count():
            page.keyboard.press("Escape")
            continue  # a wizard: its dialog is the screen
        empty_list = page.locator(".o_list_view").count() and not page.locator(".o_data_row, .o_group_header").count()
        empty_kanban = (
            page.locator(".o_kanban_view").count() and not page.locator(".o_kanban_record:not(.o_kanban_ghost)").count()
        )
        if page.locator(".o_view_nocontent").count() or empty_list or empty_kanban:
            problems.append(f"{name} ({label}): the list is empty")
            continue
        record = page.locator(".o_list_view .o_data_row .o_data_cell, .o_kanban_view .o_kanban_record").first
        if not record.count():
            continue  # pivot, graph, calendar: no form to open
        record.click()
        try:
            page.wait_for_selector(".o_form_view", timeout=15000)
        except Exception:  # an editable list opens no form
            problems.append(f"{name} ({label}): no form opened from the first row (an editable list?)")
            continue
        wait_loaded(page)
        if page.locator(".o_error_dialog").count():
            problems.append(f"{name} ({label}) form: an error dialog is shown")
        shoot(page, out_dir, f"{name}-form")


def named_pages(page, out_dir, pages, problems):
    lang = os.environ.get("ODOO_LANG")
    for spec in pages:
        name, path = spec.split("=", 1)
        if lang:
            path += ("&" if "?" in path else "?") + f"lang={lang}"
        page.goto(URL + path)
        settle(page, name, problems)
        shoot(page, out_dir, name)


def main(out_dir, pages):
    os.makedirs(out_dir, exist_ok=True)
    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        # the browser's clock is the user's: the web client's "Today" filters and dates use it
        page = browser.new_page(
            viewport={"width": 1400, "height": 900},
            timezone_id=os.environ.get("ODOO_TZ", "Asia/Shanghai"),
            locale=os.environ.get("ODOO_LOCALE", "zh-CN"),
        )
        page.on("pageerror", lambda error: problems.append(f"{page.url}: JavaScript error {error}"))
        login(page)
        if pages:
            named_pages(page, out_dir, pages, problems)
        else:
            menu_pages(page, out_dir, problems)
        browser.close()
    with open(os.path.join(out_dir, "report.txt"), "w", encoding="utf-8") as report:
        report.write("".join(f"{line}\n" for line in problems) or "no problem seen\n")
    for line in problems:
        print(f"PROBLEM {line}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
