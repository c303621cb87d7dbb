"""Merge a freshly exported .pot into i18n/zh_CN.po (like msgmerge).

Usage: python i18n_update.py ADDON_DIR [ODOO_SRC]
New terms are added untranslated, terms gone from the .pot are dropped,
translations of kept terms stay. A new term that Odoo itself translates
(the fields of mail.thread, "Company", "Status"...) takes Odoo's zh_CN
translation from ODOO_SRC. Prints the terms still untranslated.
"""

import glob
import os
import sys

import polib

ODOO_MODULES = ("base", "mail", "calendar", "sale", "stock", "web", "product", "account", "sales_team")


def odoo_translations(odoo_src):
    known = {}
    for module in ODOO_MODULES:
        pattern = os.path.join(odoo_src, "**", "addons", module, "i18n", "zh_CN.po")
        for path in glob.glob(pattern, recursive=True):
            known.update({e.msgid: e.msgstr for e in polib.pofile(path) if e.msgstr and not e.obsolete})
    return known


def main(addon_dir, odoo_src=None):
    i18n = os.path.join(addon_dir, "i18n")
    pot = polib.pofile(os.path.join(i18n, "customer_service_dept.pot"))
    po_path = os.path.join(i18n, "zh_CN.po")
    old = polib.pofile(po_path) if os.path.exists(po_path) else polib.POFile()
    fallback = odoo_translations(odoo_src) if odoo_src else {}
    known = {e.msgid: e.msgstr for e in old if e.msgstr}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {
            "Language": "zh_CN",
            "Plural-Forms": "nplurals=1; plural=0;",
            "Content-Type": "text/plain; charset=UTF-8",
        }
    )
    missing = []
    for entry in pot:
        entry.msgstr = known.get(entry.msgid) or fallback.get(entry.msgid, "")
        if not entry.msgstr:
            missing.append(entry.msgid)
        po.append(entry)
    po.save(po_path)
    for msgid in missing:
        print(repr(msgid))
    print(f"{len(pot)} terms, {len(missing)} untranslated", file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:3])
