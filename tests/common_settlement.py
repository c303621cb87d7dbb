import base64

from odoo.tests import new_test_user

from ..models.rules import luhn_complete
from .common import CsCommon

# Valid test data: Luhn-valid card numbers, GB 11643-valid ID card numbers.
CARD_1 = "6228480402564890018"
ID_1 = "11010519491231002X"
ID_2 = "440524188001010014"


class SettlementCommon(CsCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.abc = cls.env.ref("customer_service_dept.res_bank_abc")
        cls.ccb = cls.env.ref("customer_service_dept.res_bank_ccb")
        cls.icbc = cls.env.ref("customer_service_dept.res_bank_icbc")
        cls.Agreement = cls.env["cs.settlement.agreement"].with_company(cls.company)
        cls.serial = 0
        cls.director = new_test_user(
            cls.env,
            "market_director",
            groups="customer_service_dept.group_cs_market_director",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )

    def interaction(self, change, user=None):
        """The market department director's four-party interaction (四员互动) attached to ``change``."""
        attachment = (
            self.env["ir.attachment"]
            .with_user(user or self.director)
            .create({"name": "四员互动.jpg", "datas": base64.b64encode(b"four-party interaction")})
        )
        change.with_user(user or self.director).write({"interaction_attachment_ids": [(4, attachment.id)]})
        return attachment

    def make_retailer(self, name="Zengdu Store", code=None, **vals):
        type(self).serial += 1
        return self.Partner.create(
            {
                "name": name,
                "is_company": True,
                "company_id": self.company.id,
                "cs_is_retailer": True,
                "cs_retailer_code": code or f"4213{self.serial:08d}",
                "cs_registered_name": vals.pop("registered", "Zhang San"),
                **vals,
            }
        )

    def attachment(self, name="page1.pdf"):
        return self.env["ir.attachment"].create({"name": name, "datas": base64.b64encode(b"%PDF-1.4 test")})

    def maintain(self, retailer, id_card=ID_1):
        """Maintain the retailer's marketing profile (营销信息维护) where it is empty: signing goes in
        step with it (电子结算签约的处理需要与零售客户的营销信息维护同步进行)."""
        type(self).serial += 1
        profile = {
            "cs_visit_phone": f"139{self.serial:08d}",
            "cs_market_department": "Zengdu market department",
            "cs_market_type": "city",
            "cs_customer_type": "individual",
            "cs_business_format": "convenience",
            "cs_delivery_route": "Route 1",
            "cs_order_method": "phone",
            "cs_customer_manager_id": self.env.ref("base.user_admin").id,
            "cs_id_card_number": id_card,
        }
        retailer = retailer.sudo()
        retailer.write({fname: value for fname, value in profile.items() if not retailer[fname]})
        return retailer

    def make_agreement(self, retailer=None, attach=True, maintain=True, **vals):
        retailer = retailer or self.make_retailer()
        type(self).serial += 1
        values = {
            "partner_id": retailer.id,
            "company_id": self.company.id,
            "bank_id": self.ccb.id,
            "account_holder": "Zhang San",
            "account_number": luhn_complete(f"622700{self.serial:012d}"),
            "account_kind": "card",
            "transfer_number": f"T{self.serial:06d}",
            "id_card_number": ID_1,
        }
        if attach:
            values["page1_attachment_ids"] = [(6, 0, self.attachment().ids)]
            values["photocopy_attachment_ids"] = [(6, 0, self.attachment("copies.jpg").ids)]
        values.update(vals)
        agreement = self.Agreement.create(values)
        if maintain:
            self.maintain(retailer, agreement.sudo().id_card_number or ID_1)
        return agreement
