from datetime import date

from odoo import api
from odoo.tests import TransactionCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestClientCodeConcurrency(TransactionCase):
    """Two transactions assigning codes at once never draw the same serial."""

    def _env(self, cr):
        return api.Environment(cr, api.SUPERUSER_ID, {})

    def test_two_transactions_get_different_codes(self):
        contact = date(2024, 5, 20)  # a year no other test draws from
        with self.registry.cursor() as setup_cr:
            env = self._env(setup_cr)
            company = env.ref("base.main_company")
            company._cs_draw_client_serials(contact, 1)  # the year's range, committed
            partners = env["res.partner"].create(
                [
                    {
                        "name": "Twin Store",
                        "city": "Suizhou",
                        "is_company": True,
                        "first_contact_date": contact,
                    }
                    for _ in range(2)
                ]
            )
            ids = partners.ids
        try:
            with self.registry.cursor() as cr1, self.registry.cursor() as cr2:
                first = self._env(cr1)["res.partner"].browse(ids[0])
                second = self._env(cr2)["res.partner"].browse(ids[1])
                # both transactions are open at the same time, neither has committed
                first._cs_new_client_code()
                second._cs_new_client_code()
                codes = {first.client_code, second.client_code}
                cr1.commit()
                cr2.commit()
            self.assertEqual(len(codes), 2, codes)
            with self.registry.cursor() as check_cr:
                stored = self._env(check_cr)["res.partner"].browse(ids).mapped("client_code")
            self.assertEqual(set(stored), codes)
        finally:
            with self.registry.cursor() as cleanup_cr:
                self._env(cleanup_cr)["res.partner"].browse(ids).unlink()
