from odoo.tests import TransactionCase
from odoo.tests import tagged


@tagged("post_install", "-at_install")
class TestCompanyRules(TransactionCase):
    def test_every_model_with_a_company_has_a_company_rule(self):
        """Issue 9: every company-dependent model of the addon (documents, SQL views and
        wizards alike) has a global record rule on company_id."""
        models = self.env["ir.model"].search([]).filtered(lambda m: "customer_service_dept" in m.modules.split(", "))
        missing = []
        checked = 0
        for ir_model in models:
            model = self.env.get(ir_model.model)
            if model is None or model._abstract or "company_id" not in model._fields:
                continue
            if model._original_module != "customer_service_dept":
                continue  # a core model the addon extends keeps core's rules
            field = model._fields["company_id"]
            if field.type != "many2one" or field.comodel_name != "res.company":
                continue
            if model._transient and not field.store:
                continue
            checked += 1
            rules = self.env["ir.rule"].search([("model_id", "=", ir_model.id), ("global", "=", True)])
            if not any("company_id" in (rule.domain_force or "") for rule in rules):
                missing.append(ir_model.model)
        self.assertGreater(checked, 10)
        self.assertFalse(missing, f"models of the addon with a company and no company rule: {missing}")
