import base64
import codecs
import csv
import io
import json
import logging
import uuid
import zipfile

from lxml import etree

from odoo import api
from odoo import fields
from odoo import models
from odoo.addons.queue_job.exception import RetryableJobError
from odoo.exceptions import AccessError
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..models.cs_settlement_agreement import ACCOUNTANT_GROUP
from ..models.rules import RESULT_FOOTER_KEYS
from ..models.rules import find_result_columns
from ..models.rules import normalize_title
from ..models.rules import parse_result_outcome
from ..models.rules import split_titles
from . import cs_xlsx_stream

HEADER_SCAN_LINES = 20  # the column titles are looked for in the first lines (banks put a title above)
MAX_ERRORS = 10  # bad lines named in the refusal; the others are counted
CHUNK_LINES = 5000  # lines read, checked and stored together: memory does not grow with the file
READ_BLOCK = 1 << 20
_TMP = "cs_settlement_import_line"
_SST = "cs_settlement_import_sst"  # the workbook's shared strings (index, text), for the time of the import
_XLSX_ERRORS = (zipfile.BadZipFile, KeyError, ValueError, OSError, IndexError, TypeError, etree.LxmlError)

_logger = logging.getLogger(__name__)


def _copy_text(text):
    """``text`` as a field of PostgreSQL's COPY text format."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


class _CopyStream(io.RawIOBase):
    """A read-only stream over an iterator of str lines, for ``cursor.copy_expert``: nothing is held but the
    current block."""

    def __init__(self, lines):
        super().__init__()
        self._lines = lines
        self._buffer = b""

    def readable(self):
        return True

    def read(self, size=-1):  # pylint: disable=method-required-super
        size = READ_BLOCK if size is None or size < 0 else size
        parts, length = [self._buffer], len(self._buffer)
        for line in self._lines:
            encoded = line.encode()
            parts.append(encoded)
            length += len(encoded)
            if length >= size:
                break
        data = b"".join(parts)
        self._buffer = data[size:]
        return data[:size]

    def readline(self, size=-1):
        return self.read(size)


class CsSettlementImport(models.TransientModel):
    """Import a bank's signing result file and reconcile it with the agreements at the bank.

    The file is read as it comes (XLSX or CSV in UTF-8 or GBK): the header row is found among the first lines,
    the columns by their titles in any order, other columns ignored. It is read line by line into a
    temporary table, checked as a whole (every bad line counted, nothing applied when one is bad), then
    matched and applied with a few SQL statements: a province's 200,000 lines take seconds and no memory
    that grows with the file.
    """

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
    bank_id = fields.Many2one(
        "res.bank",
        compute="_compute_bank_id",
        store=True,
        readonly=False,
        domain=[("cs_esettlement", "=", True)],
        help="The bank that sent the file: its own column titles, if an administrator saved them on the "
        "bank, are understood too. Empty: the titles saved on every e-settlement bank.",
    )

    @api.depends("batch_id")
    def _compute_bank_id(self):
        for wizard in self:
            if wizard.batch_id:
                wizard.bank_id = wizard.batch_id.bank_id

    # ------------------------------------------------------------ reading
    def _error(self, line_no, message):
        return self.env._("Line %(line)s: %(message)s", line=line_no, message=message)

    @staticmethod
    def _cs_blocks(stream):
        """The file's bytes, READ_BLOCK at a time, from its start."""
        stream.seek(0)
        while block := stream.read(READ_BLOCK):
            yield block

    def _cs_line_at(self, stream, position):
        """The line number of byte ``position`` of the file (counted block by block)."""
        newlines, seen = 0, 0
        for block in self._cs_blocks(stream):
            newlines += block.count(b"\n", 0, max(position - seen, 0))
            seen += len(block)
            if seen >= position:
                break
        return newlines + 1

    def _cs_encoding(self, stream):
        """utf-8-sig or gbk, checked block by block (no copy of the file), or a UserError naming the line."""
        first_error = None
        for encoding in ("utf-8-sig", "gbk"):
            decoder = codecs.getincrementaldecoder(encoding)()
            position = 0
            try:
                for block in self._cs_blocks(stream):
                    decoder.decode(block)
                    position += len(block)
                decoder.decode(b"", final=True)
                return encoding
            except UnicodeDecodeError as error:
                if first_error is None:
                    first_error = position + error.start
        line = self._cs_line_at(stream, first_error)
        raise UserError(
            self._error(
                line,
                self.env._(
                    "the file is neither UTF-8 nor GBK text (unknown encoding): nothing was "
                    "imported. Save it again as CSV UTF-8 or as XLSX."
                ),
            )
        )

    @staticmethod
    def _cs_stream(data):
        """A binary stream over ``data`` (bytes, or already a stream: a file of the filestore)."""
        return io.BytesIO(data or b"") if isinstance(data, bytes | bytearray) else data

    def _cs_open_file(self):
        """The wizard's file as a binary stream: read from the filestore as it is needed, not loaded whole."""
        self.check_access("read")
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [("res_model", "=", self._name), ("res_id", "=", self.id), ("res_field", "=", "file")],
                limit=1,
            )
        )
        return self._cs_attachment_stream(attachment) if attachment else io.BytesIO(base64.b64decode(self.file or b""))

    @api.model
    def _cs_attachment_stream(self, attachment):
        if attachment.store_fname:
            return open(attachment._full_path(attachment.store_fname), "rb")
        return io.BytesIO(attachment.raw or b"")

    def _cs_iter_rows(self, data):
        """(line number, cells) of the file, XLSX (first sheet) or CSV (UTF-8 or GBK), one at a time."""
        stream = self._cs_stream(data)
        stream.seek(0)
        head = stream.read(2)
        if all(block.isspace() for block in self._cs_blocks(stream)):  # no block at all: empty too
            raise UserError(self.env._("The result file is empty: nothing was imported."))
        if head == b"PK":
            yield from self._cs_iter_xlsx(stream)
            return
        position, nul = 0, -1
        for block in self._cs_blocks(stream):
            nul = block.find(b"\x00")
            if nul >= 0:
                break
            position += len(block)
        if nul >= 0:
            line = self._cs_line_at(stream, position + nul)
            raise UserError(
                self._error(
                    line,
                    self.env._(
                        "the file is neither a CSV text file nor an XLSX workbook: nothing was imported. "
                        "Save the bank's file as XLSX or CSV."
                    ),
                )
            )
        encoding = self._cs_encoding(stream)
        stream.seek(0)
        sample = stream.read(65536).decode(encoding, "replace")
        delimiter = "\t" if "\t" in sample else (";" if ";" in sample and "," not in sample else ",")
        stream.seek(0)
        text = io.TextIOWrapper(stream, encoding=encoding, newline="")
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for row in reader:
                yield reader.line_num, row
        except csv.Error as error:
            raise UserError(
                self.env._(
                    "The result file is not a readable CSV file (%(error)s): nothing was imported.",
                    error=error,
                )
            ) from None
        finally:
            if not stream.closed:
                text.detach()  # the stream is the caller's to close

    def _cs_iter_xlsx(self, stream):
        """The first sheet's rows, read as a stream (cs_xlsx_stream): the workbook's shared strings are COPYed
        into a temporary table and looked up there a chunk of rows at a time, so Python never holds them all."""
        try:
            book = cs_xlsx_stream.open_workbook(stream)
            sheet, strings = cs_xlsx_stream.xlsx_parts(book)
            self._cs_copy_shared_strings(book, strings)
            chunk = []
            for row in cs_xlsx_stream.iter_rows(book, sheet):
                chunk.append(row)
                if len(chunk) >= CHUNK_LINES:
                    yield from self._cs_resolve_strings(chunk)
                    chunk = []
            yield from self._cs_resolve_strings(chunk)
        except _XLSX_ERRORS as error:
            raise UserError(
                self.env._(
                    "The result file is not a readable XLSX workbook (%(error)s): nothing was imported.",
                    error=error,
                )
            ) from None

    def _cs_copy_shared_strings(self, book, name):
        """The workbook's shared strings into the temporary table ``_SST`` (index, text), with one COPY fed
        as the XML is read."""
        cr = self.env.cr
        cr.execute(
            SQL(
                "DROP TABLE IF EXISTS %(sst)s; "
                "CREATE TEMPORARY TABLE %(sst)s (idx integer NOT NULL, text varchar NOT NULL) ON COMMIT DROP",
                sst=SQL.identifier(_SST),
            )
        )
        if name:
            cr.copy_expert(
                f"COPY {_SST} (idx, text) FROM STDIN",  # the table name is the module's constant
                _CopyStream(
                    f"{index}\t{_copy_text(text)}\n" for index, text in cs_xlsx_stream.iter_shared_strings(book, name)
                ),
            )
        cr.execute(SQL("ALTER TABLE %(sst)s ADD PRIMARY KEY (idx); ANALYZE %(sst)s", sst=SQL.identifier(_SST)))

    def _cs_resolve_strings(self, chunk):
        """The rows of ``chunk`` with their shared strings' texts (one query for the chunk)."""
        wanted = {cell for _line, cells in chunk for cell in cells if type(cell) is cs_xlsx_stream.SharedString}
        texts = {}
        if wanted:
            self.env.cr.execute(
                SQL(
                    "SELECT idx, text FROM %s WHERE idx = ANY(%s)",
                    SQL.identifier(_SST),
                    sorted(int(i) for i in wanted),
                )
            )
            texts = dict(self.env.cr.fetchall())
        for line_no, cells in chunk:
            yield (
                line_no,
                [texts.get(cell, "") if type(cell) is cs_xlsx_stream.SharedString else cell for cell in cells],
            )

    @staticmethod
    def _cell_text(value):
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value).strip()

    def _cs_bank_titles(self):
        """(key titles, result titles) an administrator saved on the bank (or on every e-settlement bank)."""
        banks = self.bank_id or self.env["res.bank"].search([("cs_esettlement", "=", True)])
        keys, values = [], []
        for bank in banks:
            keys += split_titles(bank.cs_result_key_titles)
            values += split_titles(bank.cs_result_value_titles)
        return keys, values

    def _cs_find_header(self, rows):
        """(line number, key columns, result column) of the header among the first lines of ``rows``."""
        key_titles, value_titles = self._cs_bank_titles()
        first = None
        for line_no, cells in rows:
            cells = list(cells or ())
            if any(self._cell_text(c) for c in cells):
                first = first or (line_no, cells)
                found = find_result_columns(cells, key_titles, value_titles)
                if found:
                    return line_no, found[0], found[1]
            if line_no >= HEADER_SCAN_LINES:
                break
        if first is None:
            raise UserError(self.env._("The result file is empty: nothing was imported."))
        raise UserError(
            self._error(
                first[0],
                self.env._(
                    "the columns must be the transfer bank number (转账银行编号) or the retailer code "
                    "(零售客户代码, 客户代码), and the balance or result (余额(元), 余额, 签约结果), in any "
                    "order; no line of the first %(lines)s holds these titles (found %(found)s). If this bank "
                    "names its columns otherwise, an administrator saves its titles on the bank. Nothing "
                    "was imported.",
                    lines=HEADER_SCAN_LINES,
                    found=" | ".join(self._cell_text(c) for c in first[1][:6]) or "-",
                ),
            )
        )

    def _cs_check_line(self, line_no, cells, key_cols, value_col):
        """(key, outcome, value, message) of a result line, or (None, error) when it is bad."""
        key, numeric = "", False
        for col in key_cols:
            cell = cells[col] if col < len(cells) else None
            key = self._cell_text(cell)
            if key:
                # the bank wrote the code as a number: its leading zeros may be lost (matched in _cs_match)
                numeric = isinstance(cell, int | float) and not isinstance(cell, bool)
                break
        raw = cells[value_col] if value_col < len(cells) else None
        if not key:
            return None, self._error(line_no, self.env._("the transfer bank number or retailer code is empty"))
        outcome = parse_result_outcome(raw)
        if outcome is None:
            return None, self._error(
                line_no,
                self.env._(
                    "%(value)s is neither a balance nor one of the bank's messages "
                    "客户代码与银行账号不对应, 客户不属于本单位, 其他错误",
                    value=self._cell_text(raw) or self.env._("an empty cell"),
                ),
            )
        if outcome[0] == "bad_balance":
            return None, self._error(
                line_no,
                self.env._(
                    "the balance %(value)s is not an amount in yuan with at most two decimals (fen)",
                    value=outcome[1],
                ),
            )
        return (key, outcome[0], outcome[1], self._cell_text(raw), numeric), None

    def _cs_load(self, data):
        """Read, check and store every line of ``data`` into the temporary table; raise a UserError naming
        the first bad lines and counting them all when one is bad (nothing applied)."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """DROP TABLE IF EXISTS %(tmp)s;
                   CREATE TEMPORARY TABLE %(tmp)s (
                       line_no integer PRIMARY KEY, key varchar NOT NULL, outcome varchar NOT NULL,
                       balance numeric, reason varchar, message varchar, agreement_id integer,
                       partner_id integer, batch_id integer, note_kind varchar, note_arg varchar,
                       numeric_key boolean NOT NULL DEFAULT false
                   ) ON COMMIT DROP""",
                tmp=SQL.identifier(_TMP),
            )
        )
        rows = self._cs_iter_rows(data)
        try:
            return self._cs_load_rows(rows)
        finally:
            rows.close()  # a refused file: the reader stops here, before its stream is closed

    def _cs_load_rows(self, rows):
        _header_line, key_cols, value_col = self._cs_find_header(rows)
        errors, error_count, loaded = [], 0, 0
        chunk = []
        footers = {normalize_title(k) for k in RESULT_FOOTER_KEYS}
        for line_no, cells in rows:
            line, error = self._cs_check_line(line_no, cells, key_cols, value_col)
            if error:
                if not any(self._cell_text(c) for c in cells):
                    continue  # an empty line
                if any(normalize_title(c) in footers for c in cells if c is not None):
                    continue  # the bank's total line under the results
                error_count += 1
                if len(errors) < MAX_ERRORS:
                    errors.append((line_no, error))
                continue
            chunk.append((line_no, *line))
            if len(chunk) >= CHUNK_LINES:
                loaded += self._cs_store(chunk)
                chunk = []
        if chunk:
            loaded += self._cs_store(chunk)
        duplicates, duplicate_count = self._cs_duplicate_errors()
        errors = sorted(errors + duplicates)[:MAX_ERRORS]
        error_count += duplicate_count
        if error_count:
            more = error_count - len(errors)
            message = self.env._(
                "The result file was not imported, nothing was changed: %(count)s lines are wrong.\n%(errors)s",
                count=error_count,
                errors="\n".join(text for _n, text in errors),
            )
            if more:
                message += "\n" + self.env._("... and %(more)s more wrong lines.", more=more)
            raise UserError(message)
        if not loaded:
            raise UserError(self.env._("The result file has a header but no result line: nothing was imported."))
        return loaded

    def _cs_store(self, chunk):
        line_no, key, outcome, value, message, numeric = zip(*chunk, strict=True)
        self.env.cr.execute(
            SQL(
                """INSERT INTO %(tmp)s (line_no, key, outcome, balance, reason, message, numeric_key)
                   SELECT * FROM unnest(%(line_no)s::int[], %(key)s::varchar[], %(outcome)s::varchar[],
                                        %(balance)s::numeric[], %(reason)s::varchar[], %(message)s::varchar[],
                                        %(numeric)s::bool[])""",
                tmp=SQL.identifier(_TMP),
                line_no=list(line_no),
                key=list(key),
                outcome=list(outcome),
                balance=[v if o == "signed" else None for o, v in zip(outcome, value, strict=True)],
                reason=[v if o == "failed" else None for o, v in zip(outcome, value, strict=True)],
                message=list(message),
                numeric=list(numeric),
            )
        )
        return len(chunk)

    def _cs_duplicate_errors(self):
        """([(line, error)] of the first lines whose key appeared on an earlier line, their count)."""
        self.env.cr.execute(
            SQL(
                """SELECT line_no, key, first_line, count(*) OVER ()
                     FROM (SELECT line_no, key, min(line_no) OVER (PARTITION BY key) AS first_line
                             FROM %(tmp)s) lines
                    WHERE line_no > first_line
                 ORDER BY line_no
                    LIMIT %(limit)s""",
                tmp=SQL.identifier(_TMP),
                limit=MAX_ERRORS,
            )
        )
        rows = self.env.cr.fetchall()
        errors = [
            (
                line_no,
                self._error(line_no, self.env._("%(key)s appears already on line %(other)s", key=key, other=first)),
            )
            for line_no, key, first, _count in rows
        ]
        return errors, rows[0][3] if rows else 0

    # ------------------------------------------------------------ matching
    def _cs_match(self):
        """Each line's agreement at the bank (by transfer bank number, else by retailer code), in SQL.

        A line reconciles the one agreement at the bank (of the chosen batch) its key names, unless an
        earlier line did; otherwise it is kept unmatched, with why.
        """
        Agreement = self.env["cs.settlement.agreement"]
        Agreement.flush_model(["transfer_number", "state", "batch_id", "partner_id", "company_id"])
        self.env["res.partner"].flush_model(["cs_retailer_code"])
        self.env.cr.execute(
            SQL(
                """ANALYZE %(tmp)s;
                   WITH cand AS (
                        SELECT t.line_no, a.id, a.state, a.batch_id, a.partner_id, 1 AS prio
                          FROM %(tmp)s t
                          JOIN cs_settlement_agreement a ON a.transfer_number = t.key
                         WHERE a.company_id = %(company)s AND a.state NOT IN ('cancel', 'superseded')
                         UNION ALL
                        SELECT t.line_no, a.id, a.state, a.batch_id, a.partner_id, 2 AS prio
                          FROM %(tmp)s t
                          JOIN res_partner p ON p.cs_retailer_code = t.key
                          JOIN cs_settlement_agreement a ON a.partner_id = p.id
                         WHERE a.company_id = %(company)s AND a.state NOT IN ('cancel', 'superseded')
                         UNION ALL
                        -- a key the bank wrote as a number: the digit code whose leading zeros it lost
                        SELECT t.line_no, a.id, a.state, a.batch_id, a.partner_id, 3 AS prio
                          FROM %(tmp)s t
                          JOIN cs_settlement_agreement a ON ltrim(a.transfer_number, '0') = ltrim(t.key, '0')
                         WHERE t.numeric_key AND a.transfer_number <> t.key AND a.transfer_number ~ '^[0-9]+$'
                           AND a.company_id = %(company)s AND a.state NOT IN ('cancel', 'superseded')
                         UNION ALL
                        SELECT t.line_no, a.id, a.state, a.batch_id, a.partner_id, 4 AS prio
                          FROM %(tmp)s t
                          JOIN res_partner p ON ltrim(p.cs_retailer_code, '0') = ltrim(t.key, '0')
                          JOIN cs_settlement_agreement a ON a.partner_id = p.id
                         WHERE t.numeric_key AND p.cs_retailer_code <> t.key AND p.cs_retailer_code ~ '^[0-9]+$'
                           AND a.company_id = %(company)s AND a.state NOT IN ('cancel', 'superseded')
                   ), best AS (
                        SELECT c.*, min(prio) OVER (PARTITION BY line_no) AS best_prio FROM cand c
                   ), summary AS (
                        SELECT line_no,
                               count(*) FILTER (WHERE at_bank) AS n_bank,
                               min(id) FILTER (WHERE at_bank) AS agreement_id,
                               min(batch_id) FILTER (WHERE at_bank) AS batch_id,
                               count(DISTINCT partner_id) AS n_partner,
                               min(partner_id) AS partner_id,
                               min(state) AS state
                          FROM (SELECT b.*, b.state = 'sent'
                                       AND (%(batch)s::int IS NULL OR b.batch_id = %(batch)s::int) AS at_bank
                                  FROM best b WHERE prio = best_prio) rows
                      GROUP BY line_no
                   ), ranked AS (
                        SELECT s.*, min(line_no) OVER (PARTITION BY CASE WHEN n_bank = 1 THEN agreement_id END)
                               AS winner
                          FROM summary s
                   )
                   UPDATE %(tmp)s t
                      SET partner_id = CASE WHEN r.n_partner = 1 THEN r.partner_id END,
                          agreement_id = CASE WHEN r.n_bank = 1 AND r.winner = t.line_no THEN r.agreement_id END,
                          batch_id = CASE WHEN r.n_bank = 1 AND r.winner = t.line_no THEN r.batch_id END,
                          outcome = CASE WHEN r.n_bank = 1 AND r.winner = t.line_no THEN t.outcome
                                         ELSE 'unmatched' END,
                          note_kind = CASE WHEN r.n_bank > 1 THEN 'several'
                                           WHEN r.n_bank = 1 AND r.winner <> t.line_no THEN 'used'
                                           WHEN r.n_bank = 0 THEN 'state' END,
                          note_arg = CASE WHEN r.n_bank = 1 AND r.winner <> t.line_no THEN r.winner::text
                                          WHEN r.n_bank = 0 THEN r.state END
                     FROM ranked r
                    WHERE r.line_no = t.line_no;
                   UPDATE %(tmp)s SET outcome = 'unmatched', note_kind = 'none'
                    WHERE agreement_id IS NULL AND note_kind IS NULL""",
                tmp=SQL.identifier(_TMP),
                company=self.company_id.id,
                batch=self.batch_id.id or None,
            )
        )

    def _cs_apply(self):
        """The agreements signed or failed and the bank's answer on their batch lines (one round trip)."""
        Agreement = self.env["cs.settlement.agreement"]
        Agreement.browse().check_access("write")
        Line = self.env["cs.settlement.batch.line"]
        Agreement.flush_model()
        Line.flush_model()
        uid, today = self.env.uid, fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                # the temporary table's statistics first (the matching filled agreement_id): the joins
                # below are then hash joins, not loops over 200,000 lines
                """ANALYZE %(tmp)s;
                   UPDATE cs_settlement_agreement a
                      SET state = t.outcome, failure_reason = t.reason, failure_note = NULL,
                          signed_date = CASE WHEN t.outcome = 'signed' THEN %(today)s::date ELSE a.signed_date END,
                          write_uid = %(uid)s, write_date = (now() at time zone 'UTC')
                     FROM %(tmp)s t
                    WHERE t.agreement_id = a.id AND t.outcome IN ('signed', 'failed') AND a.state = 'sent';
                   UPDATE cs_settlement_batch_line l
                      SET outcome = t.outcome, failure_reason = t.reason, result_date = %(today)s,
                          write_uid = %(uid)s, write_date = (now() at time zone 'UTC')
                     FROM %(tmp)s t
                    WHERE l.agreement_id = t.agreement_id AND l.batch_id = t.batch_id
                      AND t.outcome IN ('signed', 'failed') AND l.outcome = 'pending'""",
                tmp=SQL.identifier(_TMP),
                today=today,
                uid=uid,
            )
        )
        fnames = ["state", "failure_reason", "failure_note", "signed_date", "write_uid", "write_date"]
        Agreement.invalidate_model(fnames)
        Line.invalidate_model(["outcome", "failure_reason", "result_date", "write_uid", "write_date"])

    def _cs_insert_results(self, import_ref):
        """Keep every line of the file as a result line, in one INSERT."""
        # no ORM create: result lines are read-only for everyone (ACL and guard); the caller's right
        # to import was checked by action_import
        Agreement = self.env["cs.settlement.agreement"]
        states = dict(Agreement._fields["state"]._description_selection(self.env))
        mark = "\x01"
        self.env.cr.execute(
            SQL(
                """INSERT INTO cs_settlement_result
                          (import_ref, file_name, import_date, company_id, create_uid, write_uid,
                           create_date, write_date, line_no, key, message, balance, reason, outcome,
                           agreement_id, partner_id, batch_id, note)
                   SELECT %(ref)s, %(file)s, now() at time zone 'UTC', %(company)s, %(uid)s, %(uid)s,
                          now() at time zone 'UTC', now() at time zone 'UTC', line_no, key, message,
                          COALESCE(balance, 0), reason, outcome, agreement_id, partner_id, batch_id,
                          CASE note_kind
                               WHEN 'several' THEN %(several)s
                               WHEN 'used' THEN replace(%(used)s, %(mark)s, note_arg)
                               WHEN 'state' THEN replace(%(state)s, %(mark)s,
                                                         COALESCE(%(states)s::jsonb ->> note_arg, note_arg))
                               WHEN 'none' THEN %(none)s
                          END
                     FROM %(tmp)s""",
                tmp=SQL.identifier(_TMP),
                ref=import_ref,
                file=self.file_name or "",
                company=self.company_id.id,
                uid=self.env.uid,
                mark=mark,
                several=self.env._("several agreements at the bank have this number"),
                used=self.env._("the agreement is already reconciled by line %(other)s", other=mark),
                state=self.env._("the agreement is %(state)s, not at the bank", state=mark),
                states=json.dumps(states),
                none=self.env._("no agreement has this transfer bank number or retailer code"),
            )
        )
        self.env["cs.settlement.result"].invalidate_model()

    # ------------------------------------------------------------ import
    def _cs_check_accountant(self):
        if not self.env.su and not self.env.user.has_group(ACCOUNTANT_GROUP):
            raise AccessError(self.env._("Only a Settlement Accountant can import the bank's results."))

    def _cs_count_lines(self, data):
        """Result lines of the file (below its header), counted cheaply: the measure of the background threshold.

        The import itself parses and checks every line; a file that cannot be read counts 0 lines, so that
        its error is shown at once.
        """
        stream = self._cs_stream(data)
        stream.seek(0)
        if stream.read(2) == b"PK":
            try:
                book = cs_xlsx_stream.open_workbook(stream)
                rows = cs_xlsx_stream.count_rows(book, cs_xlsx_stream.xlsx_parts(book)[0])
            except _XLSX_ERRORS:
                return 0
        else:
            stream.seek(0)
            rows = sum(1 for line in stream if not line.isspace())  # line by line: no copy
        stream.seek(0)
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
        """Read, check, match and reconcile ``data``: the agreements signed or failed, one result line per
        line of the file, the outcome posted on each signing batch concerned. Returns (counts, batches)."""
        # a province's file is joined with 200,000 agreements and retailers: hash joins in memory, not in
        # temporary files (for this transaction only)
        self.env.cr.execute("SET LOCAL work_mem = '64MB'")
        self._cs_load(data)
        self._cs_match()
        self._cs_apply()
        self._cs_insert_results(import_ref)
        cr = self.env.cr
        cr.execute(
            SQL(
                "SELECT outcome, count(*), array_agg(DISTINCT batch_id) FILTER (WHERE batch_id IS NOT NULL), "
                "array_agg(agreement_id) FILTER (WHERE outcome = 'failed' AND agreement_id IS NOT NULL) "
                "FROM %s GROUP BY outcome",
                SQL.identifier(_TMP),
            )
        )
        counts = dict.fromkeys(("signed", "failed", "unmatched"), 0)
        batch_ids, failed_ids = set(), []
        for outcome, count, ids, failed in cr.fetchall():
            counts[outcome] = count
            batch_ids.update(ids or ())
            failed_ids += failed or []
        # a failed signing: the clerk re-queries it the next day (one activity per failed agreement)
        self.env["cs.settlement.agreement"].browse(failed_ids)._cs_schedule_requery()
        # the temporary table goes with the transaction (ON COMMIT DROP)
        batches = self.env["cs.settlement.batch"].browse(sorted(batch_ids))
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
        with self._cs_open_file() as stream:
            size = self._cs_count_lines(stream)
            if size > self.company_id.cs_settlement_job_lines:
                return self._cs_enqueue(stream.read(), size)
            if not self._cs_lock_company():
                raise self._cs_busy_error()
            import_ref = self._cs_new_import_ref()
            counts, _batches = self._cs_import(stream, import_ref)
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
                with self._cs_attachment_stream(attachment) as stream:
                    counts, batches = wizard._cs_import(stream, import_ref)
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
