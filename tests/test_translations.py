import os

import polib

from odoo.tests import TransactionCase
from odoo.tools.translate import TranslationModuleReader

MODULE = "customer_service_dept"


class TestChineseTranslation(TransactionCase):
    def test_every_term_has_a_zh_cn_translation(self):
        reader = TranslationModuleReader(self.env.cr, modules=[MODULE])
        terms = {row[4] for row in reader if row[0] == MODULE}
        self.assertTrue(terms, "no translatable term found: the reader is broken")
        po_path = os.path.join(os.path.dirname(__file__), "..", "i18n", "zh_CN.po")
        translated = {e.msgid for e in polib.pofile(po_path) if e.msgstr.strip() and not e.obsolete}
        missing = sorted(terms - translated)
        self.assertFalse(missing, f"{len(missing)} terms have no zh_CN translation, e.g. {missing[:10]}")

    def test_chinese_user_reads_chinese_errors(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search([("name", "=", MODULE)])._update_translations(["zh_CN"])
        partner = self.env["res.partner"].create({"name": "曾都店", "is_company": True})
        env_cn = self.env(context=dict(self.env.context, lang="zh_CN"))
        with self.assertRaises(Exception) as caught:
            partner.with_env(env_cn).action_assign_client_code()
        self.assertIn("城市", str(caught.exception))
