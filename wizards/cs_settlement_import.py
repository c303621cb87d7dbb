import base64
import csv
import io
import uuid
import zipfile

from odoo import fields
from odoo import models
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.cs_settlement_agreement import ACCOUNTANT_GROUP
from ..models.rules import parse_result_outcome

KEY_HEADERS = {
    "转账银行编号",
    "银行编号",
    "客户代码",
    "客户编码",
    "零售客户编码",
    "transfer bank number",
    "transfer number",
    "retailer code",
}
RESULT_HEADERS = {"余额", "签约结果", "结果", "balance", "result"}
MAX_ERRORS = 5


class CsSettlementImport(models.TransientModel):
    """Import a bank's signing result file and reconcile it with the agreements at the bank."""

    _name = "cs.settlement.import"
    _description = "Import E-settlement Bank Results"

    file = fields.Binary(string="Result File", required=True)
    file_name = fields.Char()
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    batch_id = fields.Many2one(
        "cs.settlement.batch",
        string="Signing Batch",
        domain="[('state', '=', 'sent'), ('company_id', '=', company_id)]",
        help="Empty: match the lines against every agreement at the bank.",
    )

    # ------------------------------------------------------------ parsing
    def _error(self, line_no, message):
        return self.env._("Line %(line)s: %(message)s", line=line_no, message=message)

    def _read_rows(self, data):
        """[(line number, [cells])] of the file, XLSX or CSV (UTF-8 or GBK)."""
        if not data or not data.strip():
            raise UserError(self.env._("The result file is empty: nothing was imported."))
        if data[:2] == b"PK":
            return self._read_xlsx(data)
        if b"\x00" in data:
            line = data[: data.index(b"\x00")].count(b"\n") + 1
            raise UserError(
                self._error(
                    line,
                    self.env._(
                        "the file is neither a CSV text file nor an XLSX workbook: nothing was imported. "
                        "Save the bank's file as XLSX or CSV."
                    ),
                )
            )
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as utf8_error:
            try:
                text = data.decode("gbk")
            except UnicodeDecodeError:
                line = data[: utf8_error.start].count(b"\n") + 1
                raise UserError(
                    self._error(
                        line,
                        self.env._(
                            "the file is neither UTF-8 nor GBK text (unknown encoding): nothing was "
                            "imported. Save it again as CSV UTF-8 or as XLSX."
                        ),
                    )
                ) from None
        first = text.split("\n", 1)[0]
        delimiter = "\t" if "\t" in first else (";" if ";" in first and "," not in first else ",")
        try:
            return [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), start=1)]
        except csv.Error as error:
            raise UserError(
                self.env._(
                    "The result file is not a readable CSV file (%(error)s): nothing was imported.",
                    error=error,
                )
            ) from None

    def _read_xlsx(self, data):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            return [(n, list(row)) for n, row in enumerate(sheet.iter_rows(values_only=True), start=1)]
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError) as error:
            raise UserError(
                self.env._(
                    "The result file is not a readable XLSX workbook (%(error)s): nothing was imported.",
                    error=error,
                )
            ) from None

    @staticmethod
    def _cell_text(value):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def _parse(self, data):
        """[(line number, key, ("signed", balance) | ("failed", reason), raw message)], or a UserError."""
        rows = [(n, cells) for n, cells in self._read_rows(data) if any(self._cell_text(c) for c in cells)]
        if not rows:
            raise UserError(self.env._("The result file is empty: nothing was imported."))
        line_no, header = rows[0]
        names = [self._cell_text(c).lower() for c in header]
        if len(names) < 2 or names[0] not in KEY_HEADERS or names[1] not in RESULT_HEADERS:
            raise UserError(
                self._error(
                    line_no,
                    self.env._(
                        "the columns must be the transfer bank number (转账银行编号) or the retailer code "
                        "(客户代码), then the balance or result (余额 / 签约结果); found %(found)s. "
                        "Nothing was imported.",
                        found=" | ".join(self._cell_text(c) for c in header[:4]) or "-",
                    ),
                )
            )
        if len(rows) == 1:
            raise UserError(self.env._("The result file has a header but no result line: nothing was imported."))
        parsed, errors, seen = [], [], {}
        for line_no, cells in rows[1:]:
            key = self._cell_text(cells[0]) if cells else ""
            raw = cells[1] if len(cells) > 1 else None
            outcome = parse_result_outcome(raw)
            if not key:
                errors.append(self._error(line_no, self.env._("the transfer bank number or retailer code is empty")))
            elif outcome is None:
                errors.append(
                    self._error(
                        line_no,
                        self.env._(
                            "%(value)s is neither a balance nor one of the bank's messages "
                            "客户代码与银行账号不对应, 客户不属于本单位, 其他错误",
                            value=self._cell_text(raw) or self.env._("an empty cell"),
                        ),
                    )
                )
            elif outcome[0] == "bad_balance":
                errors.append(
                    self._error(
                        line_no,
                        self.env._(
                            "the balance %(value)s is not an amount in yuan with at most two decimals (fen)",
                            value=outcome[1],
                        ),
                    )
                )
            elif key in seen:
                errors.append(
                    self._error(
                        line_no,
                        self.env._("%(key)s appears already on line %(other)s", key=key, other=seen[key]),
                    )
                )
            else:
                seen[key] = line_no
                parsed.append((line_no, key, outcome, self._cell_text(raw)))
            if len(errors) >= MAX_ERRORS:
                break
        if errors:
            raise UserError(
                self.env._(
                    "The result file was not imported, nothing was changed:\n%(errors)s",
                    errors="\n".join(errors),
                )
            )
        return parsed

    # ------------------------------------------------------------ matching
    def _candidates(self, keys):
        """{key: [agreement rows]} by transfer number and by retailer code, in one query."""
        Agreement = self.env["cs.settlement.agreement"]
        Agreement.flush_model(["transfer_number", "state", "batch_id", "partner_id", "company_id"])
        self.env["res.partner"].flush_model(["cs_retailer_code"])
        self.env.cr.execute(
            SQL(
                """SELECT a.id, a.transfer_number, p.cs_retailer_code, a.state, a.batch_id, a.partner_id
                     FROM cs_settlement_agreement a
                     JOIN res_partner p ON p.id = a.partner_id
                    WHERE a.company_id = %(company)s
                      AND a.state NOT IN ('cancel', 'superseded')
                      AND (a.transfer_number = ANY(%(keys)s) OR p.cs_retailer_code = ANY(%(keys)s))""",
                company=self.company_id.id,
                keys=list(keys),
            )
        )
        by_transfer, by_code = {}, {}
        for row in self.env.cr.dictfetchall():
            if row["transfer_number"]:
                by_transfer.setdefault(row["transfer_number"], []).append(row)
            if row["cs_retailer_code"]:
                by_code.setdefault(row["cs_retailer_code"], []).append(row)
        return by_transfer, by_code

    def _match(self, parsed):
        by_transfer, by_code = self._candidates({key for _n, key, _o, _m in parsed})
        states = dict(self.env["cs.settlement.agreement"]._fields["state"]._description_selection(self.env))
        lines, used = [], {}
        for line_no, key, (outcome, value), message in parsed:
            rows = by_transfer.get(key) or by_code.get(key) or []
            at_bank = [
                r for r in rows if r["state"] == "sent" and (not self.batch_id or r["batch_id"] == self.batch_id.id)
            ]
            line = {
                "line_no": line_no,
                "key": key,
                "message": message,
                "balance": value if outcome == "signed" else 0.0,
                "reason": value if outcome == "failed" else None,
                "outcome": outcome,
                "agreement_id": None,
                "partner_id": rows[0]["partner_id"] if len({r["partner_id"] for r in rows}) == 1 else None,
                "batch_id": None,
                "note": None,
            }
            if len(at_bank) == 1 and at_bank[0]["id"] not in used:
                line["agreement_id"] = at_bank[0]["id"]
                line["batch_id"] = at_bank[0]["batch_id"]
                used[at_bank[0]["id"]] = line_no
            else:
                line["outcome"] = "unmatched"
                if len(at_bank) > 1:
                    line["note"] = self.env._("several agreements at the bank have this number")
                elif at_bank:
                    line["note"] = self.env._(
                        "the agreement is already reconciled by line %(other)s", other=used[at_bank[0]["id"]]
                    )
                elif rows:
                    line["note"] = self.env._(
                        "the agreement is %(state)s, not at the bank", state=states[rows[0]["state"]]
                    )
                else:
                    line["note"] = self.env._("no agreement has this transfer bank number or retailer code")
            lines.append(line)
        return lines

    def _insert_results(self, lines, import_ref):
        """Write the result lines in one INSERT (20,000 lines of a bank file are common)."""
        # no ORM create: result lines are read-only for everyone (ACL and guard); the caller's right
        # to import was checked by action_import
        Result = self.env["cs.settlement.result"]
        columns = (
            "line_no",
            "key",
            "message",
            "balance",
            "reason",
            "outcome",
            "agreement_id",
            "partner_id",
            "batch_id",
            "note",
        )
        arrays = {c: [line[c] for line in lines] for c in columns}
        self.env.cr.execute(
            SQL(
                """INSERT INTO cs_settlement_result
                          (import_ref, file_name, import_date, company_id, create_uid, write_uid,
                           create_date, write_date, line_no, key, message, balance, reason, outcome,
                           agreement_id, partner_id, batch_id, note)
                   SELECT %(ref)s, %(file)s, now() at time zone 'UTC', %(company)s, %(uid)s, %(uid)s,
                          now() at time zone 'UTC', now() at time zone 'UTC', *
                     FROM unnest(%(line_no)s::int[], %(key)s::varchar[], %(message)s::varchar[],
                                 %(balance)s::numeric[], %(reason)s::varchar[], %(outcome)s::varchar[],
                                 %(agreement_id)s::int[], %(partner_id)s::int[], %(batch_id)s::int[],
                                 %(note)s::varchar[])""",
                ref=import_ref,
                file=self.file_name or "",
                company=self.company_id.id,
                uid=self.env.uid,
                **arrays,
            )
        )
        Result.invalidate_model()

    def action_import(self):
        self.ensure_one()
        if not self.env.su and not self.env.user.has_group(ACCOUNTANT_GROUP):
            raise AccessError(self.env._("Only a Settlement Accountant can import the bank's results."))
        parsed = self._parse(base64.b64decode(self.file or b""))
        lines = self._match(parsed)
        Agreement = self.env["cs.settlement.agreement"]
        Agreement.browse([line["agreement_id"] for line in lines if line["outcome"] == "signed"])._cs_set_bank_result(
            "signed"
        )
        for reason, _label in Agreement._fields["failure_reason"].selection:
            failed = [
                line["agreement_id"] for line in lines if line["outcome"] == "failed" and line["reason"] == reason
            ]
            Agreement.browse(failed)._cs_set_bank_result("failed", reason)
        import_ref = f"{fields.Datetime.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"
        self._insert_results(lines, import_ref)
        batches = self.env["cs.settlement.batch"].browse({line["batch_id"] for line in lines if line["batch_id"]})
        counts = {o: sum(1 for line in lines if line["outcome"] == o) for o in ("signed", "failed", "unmatched")}
        for batch in batches:
            batch.message_post(
                body=self.env._(
                    "Bank results imported from %(file)s: %(signed)s signed, %(failed)s failed, "
                    "%(unmatched)s lines unmatched in the file.",
                    file=self.file_name or "-",
                    **counts,
                )
            )
        batches._cs_close_if_reconciled()
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.cs_settlement_result_action")
        action["domain"] = [("import_ref", "=", import_ref)]
        action["context"] = {"search_default_group_outcome": 1}
        action["name"] = self.env._(
            "Bank results: %(signed)s signed, %(failed)s failed, %(unmatched)s unmatched", **counts
        )
        return action
