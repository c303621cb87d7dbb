import base64

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

    def make_agreement(self, retailer=None, attach=True, **vals):
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
        return self.Agreement.create(values)
