"""SQL fixtures shared by the benchmarks and ``make scale`` (run in ``odoo shell``, imported as
``odoo.addons.customer_service_dept.scripts.bench_sql``): province-size data by INSERT ... SELECT."""

from odoo.tools import SQL


def copy_rows(cr, table, template_id, count, overrides, params=None, returning=False):
    """``count`` copies of row ``template_id`` of ``table``; ``overrides``: column -> SQL over ``i``
    (1..count) and the named ``params`` (a literal % is written %%). With ``returning``, the new ids in
    the order of ``i``."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND table_name = %s AND column_name <> 'id'",
        [table],
    )
    columns = [name for (name,) in cr.fetchall()]
    select = ", ".join(overrides.get(c, f't."{c}"') for c in columns)
    names = ", ".join(f'"{c}"' for c in columns)
    cr.execute(
        f'INSERT INTO "{table}" ({names}) SELECT {select} FROM "{table}" t, generate_series(1, {count}) i '
        "WHERE t.id = %(template)s ORDER BY i" + (" RETURNING id" if returning else ""),
        {**(params or {}), "template": template_id},
    )
    return [row[0] for row in cr.fetchall()] if returning else None


def send_batch(cr, batch_id, template_agreement_id):
    """Put the signing batch at the bank as handing it to finance does: the template agreement joins the
    copies already in the batch, each agreement gets its batch line (its content as sent), pending."""
    cr.execute(
        SQL(
            "UPDATE cs_settlement_agreement SET state = 'sent', batch_id = %s, sent_date = '2026-11-20' "
            "WHERE id = %s",
            batch_id,
            template_agreement_id,
        )
    )
    cr.execute(
        SQL(
            """INSERT INTO cs_settlement_batch_line
                      (batch_id, agreement_id, company_id, sequence, transfer_number, partner_id, retailer_name,
                       retailer_code, account_holder, account_number, account_kind, id_card_number, outcome,
                       create_uid, write_uid, create_date, write_date)
               SELECT a.batch_id, a.id, a.company_id, row_number() OVER (ORDER BY a.transfer_number),
                      a.transfer_number, a.partner_id, p.name, p.cs_retailer_code, a.account_holder,
                      a.account_number, a.account_kind, a.id_card_number, 'pending', 1, 1, now(), now()
                 FROM cs_settlement_agreement a JOIN res_partner p ON p.id = a.partner_id
                WHERE a.batch_id = %s""",
            batch_id,
        )
    )
    cr.execute(SQL("UPDATE cs_settlement_batch SET state = 'sent', date_sent = '2026-11-20' WHERE id = %s", batch_id))
