import os
import re

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


class TestChineseTerms(TransactionCase):
    """The zh_CN words are the rulebooks' words (docs/glossary.md), not a dictionary's first guess."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        po_path = os.path.join(os.path.dirname(__file__), "..", "i18n", "zh_CN.po")
        cls.po = {e.msgid: e for e in polib.pofile(po_path) if not e.obsolete}

    def msgstr(self, msgid):
        return self.po[msgid].msgstr

    def test_state_is_a_status_not_a_province(self):
        """The word "State" labels the state of documents (batches, agreements, service levels): 状态, never 省/州."""
        self.assertEqual(self.msgstr("State"), "状态")
        for entry in self.po.values():
            self.assertNotIn("省/州", entry.msgstr, entry.msgid)

    def test_close_out_is_only_the_job_tickets_word(self):
        """消单 is the close-out of a job ticket (「創制作工作單下達和消單程序」); a closed complaint is 已关闭."""
        self.assertEqual(self.msgstr("Closed"), "已关闭")
        for entry in self.po.values():
            if "消单" in entry.msgstr:
                places = [path for path, _line in entry.occurrences]
                self.assertTrue(all("job" in path for path in places), f"{entry.msgid!r} is used in {places}")
        ticket_states = dict(self.env["cs.job.ticket"]._fields["state"].selection)
        self.assertNotEqual(ticket_states["closed"], "Closed", "the job ticket needs its own term to say 消单")

    def test_complaint_words_are_the_rulebooks(self):
        """「【滿意】…【不滿意/一般】」 and 「如果投訴成立…如果投訴不能成立」 (seed 000, 投訴處理流程)."""
        self.assertEqual(self.msgstr("Average"), "一般")
        self.assertEqual(self.msgstr("Validity"), "是否成立")
        self.assertEqual((self.msgstr("Valid"), self.msgstr("Not Valid")), ("成立", "不成立"))
        self.assertNotIn("有效期", self.msgstr("Validity"))
        self.assertNotIn("步长", self.msgstr("Step"))

    def test_retailer_code_and_client_code_are_two_words(self):
        """The bank keys its files on the retailer code (「零售戶代碼」, seed 000, e-settlement); the client
        code of the job tickets (「客戶代碼: 城市名稱 - 接觸時間 - 客戶名稱 - 年度編號」) is another code."""
        self.assertEqual(self.msgstr("Retailer Code"), "零售户代码")
        self.assertEqual(self.msgstr("Client Code"), "客户代码")
        for entry in self.po.values():
            if "retailer code" in entry.msgid.lower():
                # the bank's own message 「客戶代碼與銀行賬號不對應」 is quoted word for word
                own_words = entry.msgstr.replace("客户代码与银行账号不对应", "")
                # column titles of the bank's files, quoted as they are printed there: 「零售客户代码」
                own_words = re.sub(r"「[^」]*」", "", own_words)
                self.assertNotIn("客户代码", own_words, entry.msgid)
