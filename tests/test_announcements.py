"""Announcements (公告管理 › 公告发布), issue 15 item 9.

Seed 000, 六、公告发布: 「点击“公告管理”-“公告发布”进入公告发布界面,此界面可以发布“客户经理公告”和“网上订货公告”…
输入公告标题和发布内容,如果有附件在加上相应附件,点击“发布”按钮完成该公告的发布」;
「注:发布网上订货公告,不同区域的营销部需要选择对应的网上订货公告类型,如曾都营销部选择的公告类型为
“曾都线路组网上订货公告”。同时发送网上订货公告时,不能添加附件,如Excel、word和图片类型,否则客户查看公告的时候是
无法显示该附件的…;客户经理公告发布可以添加Excel、word和图片之类的附件。」
"""

import base64
from contextlib import contextmanager
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.addons.customer_service_dept.models import cs_batch
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.exceptions import ValidationError
from odoo.tests import HttpCase
from odoo.tests import new_test_user
from odoo.tests import tagged

from .common import CsCommon

ZENGDU = "曾都营销部"
GUANGSHUI = "广水营销部"
PROGRESS = {"done": 0, "remaining": 0, "timed_out_counter": 0}


class AnnouncementCommon(CsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        common = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)], "tz": "Asia/Shanghai"}
        cls.cm_wang = new_test_user(cls.env, "ann_cm_wang", groups="customer_service_dept.group_cs_user", **common)
        cls.cm_zhao = new_test_user(cls.env, "ann_cm_zhao", groups="customer_service_dept.group_cs_user", **common)

        def retailer(name, department, manager, email=None, company=None, **vals):
            return {
                "name": name,
                "is_company": True,
                "cs_is_retailer": True,
                "cs_market_department": department,
                "cs_customer_manager_id": manager.id,
                "email": email,
                "company_id": (company or cls.company).id,
                **vals,
            }

        Partner = cls.env["res.partner"]
        (
            cls.zengdu_a,
            cls.zengdu_b,
            cls.guangshui,
            cls.other_company_zengdu,
            cls.closed_zengdu,
        ) = Partner.create(
            [
                retailer("曾都一号店", ZENGDU, cls.cm_wang, "zengdu.a@example.com"),
                retailer("曾都二号店", ZENGDU, cls.cm_zhao),  # no e-mail: the portal only
                retailer("广水一号店", GUANGSHUI, cls.cm_wang, "guangshui@example.com"),
                retailer("曾都(武汉)店", ZENGDU, cls.cm_wang, "wuhan@example.com", company=cls.other_company),
                retailer("曾都停业店", ZENGDU, cls.cm_wang, "closed@example.com", active=False),
            ]
        )
        cls.not_retailer = Partner.create(
            {"name": "曾都供应商", "is_company": True, "cs_market_department": ZENGDU, "email": "s@example.com"}
        )
        Type = cls.env["cs.announcement.type"].with_user(cls.cs_manager).with_company(cls.company)
        cls.type_zengdu_online, cls.type_guangshui_online, cls.type_manager = Type.create(
            [
                {"name": "曾都线路组网上订货公告", "kind": "online_order", "market_department": ZENGDU},
                {"name": "广水线路组网上订货公告", "kind": "online_order", "market_department": GUANGSHUI},
                {"name": "客户经理公告", "kind": "customer_manager"},
            ]
        )
        cls.Announcement = cls.env["cs.announcement"].with_user(cls.cs_user).with_company(cls.company)
        cls.price_list = (
            cls.env["ir.attachment"]
            .with_user(cls.cs_user)
            .create({"name": "价格表.xlsx", "datas": base64.b64encode(b"price list")})
        )

    @contextmanager
    def assertRefused(self, exception, pattern):
        """``assertRaises`` (with its savepoint) and the message matching ``pattern``."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertRegex(str(caught.exception), pattern)

    def new_announcement(self, type_, name="春节订货安排", **vals):
        return self.Announcement.create(
            {"name": name, "body": "<p>春节期间网上订货时间调整。</p>", "type_id": type_.id, **vals}
        )

    def recipients(self, announcement):
        return {line.partner_id: line.mail_state for line in announcement.sudo().recipient_ids}


class TestAnnouncementPublishing(AnnouncementCommon):
    def test_online_order_announcement_reaches_its_market_department_only(self):
        """「不同区域的营销部需要选择对应的网上订货公告类型,如曾都营销部选择的公告类型为“曾都线路组网上订货公告”」:
        the CS user publishes a 曾都线路组网上订货公告; it reaches the two active retailers of 曾都营销部 of the
        company (one by mail, the one without e-mail on the portal only), not 广水's retailer, not the other
        company's 曾都 retailer, not an archived retailer, not a supplier of 曾都."""
        announcement = self.new_announcement(self.type_zengdu_online)
        with freeze_time("2026-11-26 02:00:00"):
            announcement.action_publish()
        self.assertEqual(announcement.state, "published")
        self.assertEqual(announcement.published_by_id, self.cs_user)
        self.assertEqual(str(announcement.published_date), "2026-11-26 02:00:00")
        self.assertEqual(self.recipients(announcement), {self.zengdu_a: "pending", self.zengdu_b: "no_email"})
        self.assertEqual((announcement.recipient_count, announcement.mail_pending_count), (2, 1))

    def test_customer_manager_announcement_to_all_or_chosen_managers(self):
        """「客户经理公告」: to all active retailers of the company, or to the retailers of the chosen customer
        managers; the other company's retailer of the same customer manager is not addressed."""
        to_all = self.new_announcement(self.type_manager, name="客户经理例会通知")
        to_all.action_publish()
        self.assertEqual(set(self.recipients(to_all)), {self.zengdu_a, self.zengdu_b, self.guangshui}, "every retailer")
        to_wang = self.new_announcement(
            self.type_manager,
            name="王经理片区通知",
            audience="managers",
            customer_manager_ids=[Command.set(self.cm_wang.ids)],
        )
        to_wang.action_publish()
        self.assertEqual(set(self.recipients(to_wang)), {self.zengdu_a, self.guangshui})

    def test_chosen_managers_are_required(self):
        """Retailers of chosen customer managers without any manager chosen: refused, naming the field."""
        with self.assertRefused(ValidationError, "王经理片区通知.*Customer Managers"):
            self.new_announcement(self.type_manager, name="王经理片区通知", audience="managers")

    def test_attachment_on_online_order_announcement_is_refused(self):
        """「发送网上订货公告时,不能添加附件,如Excel、word和图片类型」: refused at creation and when a customer
        manager announcement with files is turned into an online order one, naming the announcement and the
        field; 「客户经理公告发布可以添加Excel、word和图片之类的附件」: the customer manager one keeps its file."""
        with self.assertRefused(ValidationError, "春节订货安排.*Attachments"):
            self.new_announcement(self.type_zengdu_online, attachment_ids=[Command.set(self.price_list.ids)])
        with_file = self.new_announcement(
            self.type_manager, name="价格调整通知", attachment_ids=[Command.set(self.price_list.ids)]
        )
        with self.assertRefused(ValidationError, "价格调整通知.*Attachments"):
            with_file.type_id = self.type_zengdu_online
        with_file.action_publish()
        self.assertEqual(with_file.attachment_ids, self.price_list)

    def test_chatter_files_do_not_count_as_announcement_attachments(self):
        """A file posted in the chatter of an online order announcement is the department's internal note:
        the announcement still publishes, and its mails carry no file."""
        announcement = self.new_announcement(self.type_zengdu_online)
        announcement.message_post(body="内部说明", attachments=[("note.docx", b"internal")])
        announcement.action_publish()
        self.assertFalse(announcement.attachment_ids)
        announcement.recipient_ids.sudo()._cs_send_mails()
        mail = self.env["mail.mail"].search([("model", "=", "cs.announcement.recipient")])
        self.assertEqual(len(mail), 1)
        self.assertFalse(mail.attachment_ids)

    def test_published_announcement_is_frozen_for_everyone(self):
        """A published announcement is what the retailers read: title, content, type and attachments change
        for nobody, Customer Service manager and superuser included; its state moves only by its buttons, and
        it is withdrawn, never deleted."""
        announcement = self.new_announcement(self.type_manager, attachment_ids=[Command.set(self.price_list.ids)])
        announcement.action_publish()
        as_manager = announcement.with_user(self.cs_manager)
        for vals in (
            {"name": "改过的标题"},
            {"body": "<p>改过的内容</p>"},
            {"type_id": self.type_guangshui_online.id},
            {"attachment_ids": [Command.clear()]},
            {"state": "draft"},
            {"published_date": "2026-01-01 00:00:00"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                as_manager.write(vals)
        with self.assertRaises(UserError):
            announcement.sudo().write({"name": "改过的标题"})
        with self.assertRaises(UserError):
            as_manager.unlink()
        self.assertEqual(announcement.name, "春节订货安排")

    def test_only_a_manager_withdraws_and_a_draft_is_published_once(self):
        """The CS user publishes but cannot withdraw; the CS manager withdraws; publishing twice is refused."""
        announcement = self.new_announcement(self.type_zengdu_online)
        announcement.action_publish()
        with self.assertRaises(UserError):
            announcement.action_publish()
        self.assertFalse(announcement.can_withdraw)
        with self.assertRaises(AccessError):
            announcement.action_withdraw()
        announcement.with_user(self.cs_manager).action_withdraw()
        self.assertEqual(announcement.state, "withdrawn")

    def test_an_employee_outside_customer_service_cannot_publish(self):
        """Publishing is the Customer Service department's: a plain employee is refused."""
        announcement = self.new_announcement(self.type_zengdu_online)
        with self.assertRaises(AccessError):
            announcement.with_user(self.employee).action_publish()
        self.assertEqual(announcement.state, "draft")

    def test_an_online_order_type_needs_its_market_department(self):
        """「不同区域的营销部需要选择对应的网上订货公告类型」: an online order type names its market department."""
        with self.assertRefused(ValidationError, "孝感线路组网上订货公告.*Market Department"):
            self.env["cs.announcement.type"].with_user(self.cs_manager).create(
                {"name": "孝感线路组网上订货公告", "kind": "online_order"}
            )
        with self.assertRaises(AccessError):
            self.env["cs.announcement.type"].with_user(self.cs_user).create({"name": "x", "kind": "customer_manager"})

    def test_a_used_type_keeps_its_kind_and_market_department(self):
        """The type of a published announcement decided whom it reached: the manager cannot turn
        曾都线路组网上订货公告 into another department's or into a customer manager type afterwards."""
        self.new_announcement(self.type_zengdu_online).action_publish()
        as_manager = self.type_zengdu_online.with_user(self.cs_manager)
        for vals in ({"market_department": GUANGSHUI}, {"kind": "customer_manager"}):
            with self.subTest(vals=vals), self.assertRefused(UserError, "曾都线路组网上订货公告.*春节订货安排"):
                as_manager.write(vals)
        as_manager.name = "曾都线路组网上订货公告(新)"
        self.type_guangshui_online.with_user(self.cs_manager).market_department = "广水市营销部"

    def test_publishing_costs_the_same_queries_for_many_retailers(self):
        """The recipients are filled by one INSERT ... SELECT: 300 more retailers cost no more queries."""
        few = self.new_announcement(self.type_zengdu_online, name="少")
        many = self.new_announcement(self.type_zengdu_online, name="多")
        few.action_publish()
        self.env["res.partner"].create(
            [
                {"name": f"曾都{i}号店", "cs_is_retailer": True, "cs_market_department": ZENGDU, "email": f"z{i}@e.cn"}
                for i in range(300)
            ]
        )
        self.env.flush_all()
        many.invalidate_recordset()
        with self.assertQueryCount(14):
            many.action_publish()
        self.assertEqual(many.recipient_count, 302)

    def test_mail_is_bilingual_with_the_announcement(self):
        """The mail to a retailer: the type and title in the subject, the content and a link to the portal, in
        Chinese and English; a customer manager announcement carries its files."""
        announcement = self.new_announcement(
            self.type_manager,
            name="价格调整通知",
            audience="managers",
            customer_manager_ids=[Command.set(self.cm_wang.ids)],
            attachment_ids=[Command.set(self.price_list.ids)],
        )
        announcement.action_publish()
        announcement.recipient_ids.sudo()._cs_send_mails()
        mails = self.env["mail.mail"].search([("model", "=", "cs.announcement.recipient")])
        self.assertEqual(mails.recipient_ids, self.zengdu_a | self.guangshui)
        mail = mails.filtered(lambda m: m.recipient_ids == self.zengdu_a)
        self.assertEqual(mail.subject, "客户经理公告: 价格调整通知")
        self.assertIn("春节期间网上订货时间调整", mail.body_html)
        self.assertIn(f"/my/announcements/{announcement.id}", mail.body_html)
        self.assertIn("View the announcement", mail.body_html)
        self.assertEqual(mail.attachment_ids, self.price_list)


class TestAnnouncementMailCron(AnnouncementCommon):
    def run_cron(self):
        """Run the scheduled action as Odoo's cron worker does: its own transaction, progress committed."""
        cron = self.env.ref("customer_service_dept.ir_cron_cs_announcement_mail")
        self.env.flush_all()
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            self.registry["ir.cron"]._process_job(cr, {**cron.read(load=None)[0], **PROGRESS})
        self.env.invalidate_all()

    def test_interrupted_mail_run_continues_without_duplicates(self):
        """Five retailers with e-mail, batches of two; the second batch crashes (mail server down) as long as
        the fault lasts: the first two retailers have their mail, the crashed batch is rolled back. The next run
        mails the three left: each retailer gets exactly one mail; the one without e-mail gets none."""
        extra = self.env["res.partner"].create(
            [
                {"name": f"曾都{i}号店", "cs_is_retailer": True, "cs_market_department": ZENGDU, "email": f"z{i}@e.cn"}
                for i in range(4)
            ]
        )
        announcement = self.new_announcement(self.type_zengdu_online)
        announcement.action_publish()
        lines = announcement.sudo().recipient_ids.filtered(lambda line: line.mail_state == "pending").sorted("id")
        self.assertEqual(lines.partner_id, self.zengdu_a | extra)
        send = type(self.env["cs.announcement.recipient"])._cs_send_mails

        def crash_on_third(records):
            if lines[2] in records:
                raise RuntimeError("mail server down")
            return send(records)

        with (
            patch.object(cs_batch, "BATCH_SIZE", 2),
            patch.object(type(self.env["cs.announcement.recipient"]), "_cs_send_mails", crash_on_third),
            self.assertLogs("odoo.addons.base.models.ir_cron", "ERROR"),
        ):
            self.run_cron()
        self.assertEqual(lines.mapped("mail_state"), ["sent", "sent", "pending", "pending", "pending"])
        with patch.object(cs_batch, "BATCH_SIZE", 2):
            self.run_cron()
        self.assertEqual(set(lines.mapped("mail_state")), {"sent"})
        mails = self.env["mail.mail"].search([("model", "=", "cs.announcement.recipient")])
        self.assertEqual(sorted(mails.recipient_ids.ids), sorted((self.zengdu_a | extra).ids))
        self.assertEqual(len(mails), 5)
        self.assertNotIn(self.zengdu_b, mails.recipient_ids)

    def test_withdrawn_announcement_sends_nothing_more(self):
        """A withdrawn announcement's mails not yet sent are not sent."""
        announcement = self.new_announcement(self.type_zengdu_online)
        announcement.action_publish()
        announcement.with_user(self.cs_manager).action_withdraw()
        self.run_cron()
        self.assertFalse(self.env["mail.mail"].search([("model", "=", "cs.announcement.recipient")]))


@tagged("post_install", "-at_install")
class TestAnnouncementPortal(HttpCase, AnnouncementCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            "ann_zengdu_portal",
            groups="base.group_portal",
            name="曾都一号店 李明",
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )
        cls.portal_user.partner_id.write({"parent_id": cls.zengdu_a.id, "company_id": cls.company.id})

    def test_portal_retailer_reads_the_announcements_addressed_to_them(self):
        """「客户查看公告」: the retailer's portal user lists the published 曾都线路组网上订货公告 and the customer
        manager announcement with its file, not 广水's online order announcement, not a draft, not another
        company's announcement, not a withdrawn one; opening one marks it read; the file downloads; the rest is
        404."""
        online = self.new_announcement(self.type_zengdu_online, name="曾都春节订货安排")
        with_file = self.new_announcement(
            self.type_manager, name="价格调整通知", attachment_ids=[Command.set(self.price_list.ids)]
        )
        guangshui = self.new_announcement(self.type_guangshui_online, name="广水春节订货安排")
        draft = self.new_announcement(self.type_manager, name="草稿通知")
        other_type = (
            self.env["cs.announcement.type"]
            .sudo()
            .create({"name": "武汉客户经理公告", "kind": "customer_manager", "company_id": self.other_company.id})
        )
        other = (
            self.env["cs.announcement"]
            .with_user(self.cs_user)
            .with_company(self.other_company)
            .create({"name": "武汉通知", "type_id": other_type.id, "company_id": self.other_company.id})
        )
        (online | with_file | guangshui).action_publish()
        other.action_publish()
        self.assertIn(self.other_company_zengdu, other.sudo().recipient_ids.partner_id)

        self.authenticate("ann_zengdu_portal", "ann_zengdu_portal")
        page = self.url_open("/my/announcements")
        self.assertEqual(page.status_code, 200)
        for name in ("曾都春节订货安排", "价格调整通知"):
            self.assertIn(name, page.text)
        for name in ("广水春节订货安排", "草稿通知", "武汉通知"):
            self.assertNotIn(name, page.text)
        counters = self.make_jsonrpc_request("/my/counters", {"counters": ["cs_announcement_count"]})
        self.assertEqual(counters, {"cs_announcement_count": 2})

        line = online.sudo().recipient_ids.filtered(lambda r: r.partner_id == self.zengdu_a)
        self.assertFalse(line.read_date)
        page = self.url_open(f"/my/announcements/{online.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("春节期间网上订货时间调整", page.text)
        line.invalidate_recordset()
        self.assertTrue(line.read_date)

        page = self.url_open(f"/my/announcements/{with_file.id}")
        url = f"/my/announcements/{with_file.id}/attachment/{self.price_list.id}"
        self.assertIn(url, page.text)
        download = self.url_open(url)
        self.assertEqual((download.status_code, download.content), (200, b"price list"))
        withdrawn = self.new_announcement(self.type_zengdu_online, name="已撤回的通知")
        withdrawn.action_publish()
        withdrawn.with_user(self.cs_manager).action_withdraw()
        self.assertNotIn("已撤回的通知", self.url_open("/my/announcements").text)
        for record in (guangshui, draft, other, withdrawn):
            self.assertEqual(self.url_open(f"/my/announcements/{record.id}", allow_redirects=False).status_code, 404)
        self.assertEqual(
            self.url_open(f"/my/announcements/{online.id}/attachment/{self.price_list.id}").status_code, 404
        )
