"""Merge a freshly exported .pot into i18n/zh_CN.po (like msgmerge).

Usage: python i18n_update.py ADDON_DIR
New terms are added untranslated, terms gone from the .pot are dropped,
translations of kept terms stay. Prints the terms still untranslated.
"""

import os
import sys

import polib


def main(addon_dir):
    i18n = os.path.join(addon_dir, "i18n")
    pot = polib.pofile(os.path.join(i18n, "customer_service_dept.pot"))
    po_path = os.path.join(i18n, "zh_CN.po")
    old = polib.pofile(po_path) if os.path.exists(po_path) else polib.POFile()
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
        entry.msgstr = known.get(entry.msgid, "")
        if not entry.msgstr:
            missing.append(entry.msgid)
        po.append(entry)
    po.save(po_path)
    for msgid in missing:
        print(repr(msgid))
    print(f"{len(pot)} terms, {len(missing)} untranslated", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1])
