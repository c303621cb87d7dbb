import base64
import csv
import io
import logging
import uuid
import zipfile

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.queue_job.exception import RetryableJobError
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

_logger = logging.getLogger(__name__)


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

    # ------------------------------------------------------------ import
    def _cs_check_accountant(self):
        if not self.env.su and not self.env.user.has_group(ACCOUNTANT_GROUP):
            raise AccessError(self.env._("Only a Settlement Accountant can import the bank's results."))

    def _cs_count_lines(self, data):
        """Result lines of the file (below its header), counted cheaply: the measure of the background threshold.

        The import itself parses and checks every line; a file that cannot be read counts 0 lines, so that
        its error is shown at once.
        """
        if data[:2] == b"PK":
            import openpyxl

            try:
                book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
                sheet = book.worksheets[0]
                rows = sheet.max_row
                if rows is None:  # a workbook without its size: count its rows
                    rows = sum(1 for _row in sheet.iter_rows(values_only=True))
            except (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError):
                return 0
        else:
            rows = sum(1 for line in data.splitlines() if line.strip())
        return max(rows - 1, 0)

    def _cs_lock_company(self):
        """One import of bank results per company at a time: True when this transaction holds the company's lock.

        A PostgreSQL advisory lock held until the transaction ends, taken by the import at once and by the
        background job alike, so that two imports never reconcile the same agreements together.
        """
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s), %s)", self._name, self.company_id.id))
        return self.env.cr.fetchone()[0]

    def _cs_imported(self, import_ref):
        self.env["cs.settlement.result"].flush_model(["import_ref"])
        self.env.cr.execute(SQL("SELECT 1 FROM cs_settlement_result WHERE import_ref = %s LIMIT 1", import_ref))
        return bool(self.env.cr.fetchone())

    def _cs_import(self, data, import_ref):
        """Parse, match and reconcile ``data``: the agreements signed or failed, one result line per line of
        the file, the outcome posted on each signing batch concerned. Returns (counts, batches)."""
        parsed = self._parse(data)
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
        self._insert_results(lines, import_ref)
        batches = self.env["cs.settlement.batch"].browse({line["batch_id"] for line in lines if line["batch_id"]})
        counts = {o: sum(1 for line in lines if line["outcome"] == o) for o in ("signed", "failed", "unmatched")}
        for batch in batches | self.batch_id:
            batch.message_post(
                body=self.env._(
                    "Bank results imported from %(file)s: %(signed)s signed, %(failed)s failed, "
                    "%(unmatched)s lines unmatched in the file.",
                    file=self.file_name or "-",
                    **counts,
                )
            )
        batches._cs_close_if_reconciled()
        return counts, batches

    @staticmethod
    def _cs_new_import_ref():
        return f"{fields.Datetime.now():%Y%m%d%H%M%S}-{uuid.uuid4().hex[:6]}"

    def _cs_busy_error(self):
        return UserError(
            self.env._(
                "Bank results of %(company)s are being imported right now (perhaps a large file in the "
                "background): try again in a few minutes.",
                company=self.company_id.name,
            )
        )

    def action_import(self):
        self.ensure_one()
        self._cs_check_accountant()
        data = base64.b64decode(self.file or b"")
        size = self._cs_count_lines(data)
        if size > self.company_id.cs_settlement_job_lines:
            return self._cs_enqueue(data, size)
        if not self._cs_lock_company():
            raise self._cs_busy_error()
        import_ref = self._cs_new_import_ref()
        counts, _batches = self._cs_import(data, import_ref)
        action = self.env["ir.actions.act_window"]._for_xml_id("customer_service_dept.cs_settlement_result_action")
        action["domain"] = [("import_ref", "=", import_ref)]
        action["context"] = {"search_default_group_outcome": 1}
        action["name"] = self.env._(
            "Bank results: %(signed)s signed, %(failed)s failed, %(unmatched)s unmatched", **counts
        )
        return action

    # ------------------------------------------------------------ background import (OCA queue_job)
    def _cs_enqueue(self, data, size):
        """A large file: kept as a private attachment of the accountant and imported by a queued job, which
        runs as this same accountant (queue_job keeps the user), so the same rights hold."""
        self.ensure_one()
        file_name = self.file_name or "-"
        attachment = self.env["ir.attachment"].create({"name": file_name, "raw": data, "res_model": self._name})
        import_ref = self._cs_new_import_ref()
        # queued whatever the caller's context says (queue_job runs a job at once under queue_job__no_delay)
        self.env["cs.settlement.import"].with_context(queue_job__no_delay=False).with_delay(
            description=self.env._("Import bank results %(file)s (%(lines)s lines)", file=file_name, lines=size),
        )._cs_import_job(attachment, file_name, self.company_id, self.batch_id, import_ref, size)
        message = self.env._(
            "The bank result file %(file)s has %(lines)s lines: it is imported in the background. You will be "
            "notified when it is done, and the outcome is posted on the signing batch.",
            file=file_name,
            lines=size,
        )
        if self.batch_id:
            self.batch_id.message_post(body=message)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Import queued"),
                "message": message,
                "type": "info",
                "sticky": False,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    @api.model
    def _cs_import_job(self, attachment, file_name, company, batch, import_ref, size):
        """Import a large bank result file (a queued job, run as the accountant who sent it).

        Idempotent: a run after a successful one (a retry, a requeue) finds the import's result lines and
        changes nothing; while another import of the company holds its lock, the job waits and is retried
        (``RetryableJobError``, not counted as a failed try). A file the import refuses changes nothing: the
        refusal is posted and the accountant notified, as the outcome of a good file is.
        """
        self._cs_check_accountant()
        wizard = self.new({"company_id": company.id, "batch_id": batch.id, "file_name": file_name})
        if not wizard._cs_lock_company():
            raise RetryableJobError(
                self.env._(
                    "Another import of bank results of %(company)s is running: this one waits and is retried.",
                    company=company.name,
                ),
                seconds=60,
                ignore_retry=True,
            )
        if wizard._cs_imported(import_ref):
            return self.env._(
                "%(file)s was imported already (%(ref)s): nothing done again.", file=file_name, ref=import_ref
            )
        if not attachment.exists():
            return self.env._("%(file)s was refused by an earlier run: nothing done again.", file=file_name)
        _logger.info("Importing bank results %s (%s lines) as user %s", file_name, size, self.env.uid)
        try:
            with self.env.cr.savepoint():
                counts, batches = wizard._cs_import(attachment.raw, import_ref)
        except UserError as error:
            body = self.env._(
                "The bank result file %(file)s was not imported: %(error)s",
                file=file_name,
                error=error.args[0] if error.args else str(error),
            )
            if batch:
                batch.message_post(body=body)
            wizard._cs_notify_accountant(self.env._("Bank results not imported"), body, batch)
            attachment.unlink()
            return body
        body = self.env._(
            "The bank result file %(file)s is imported: %(signed)s signed, %(failed)s failed, %(unmatched)s "
            "lines unmatched in the file.",
            file=file_name,
            **counts,
        )
        wizard._cs_notify_accountant(self.env._("Bank results imported"), body, batch or batches[:1])
        attachment.unlink()
        _logger.info("Imported bank results %s: %s", file_name, counts)
        return body

    def _cs_notify_accountant(self, subject, body, record):
        """Tell the accountant who started the import (inbox or e-mail, as they chose), about ``record``
        (the signing batch) or about themselves when no batch is concerned."""
        partner = self.env.user.partner_id
        (record or partner).message_notify(
            partner_ids=partner.ids,
            author_id=self.env.ref("base.partner_root").id,
            subject=subject,
            body=body,
        )
