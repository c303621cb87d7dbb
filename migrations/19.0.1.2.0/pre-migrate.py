"""Return lines entered before lines had a unit of their own were in the product's
own unit: keep them so, instead of letting the new computed unit read them as
sale-line units (12 boxes read as 12 cases would claim 144 boxes)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT column_name FROM information_schema.columns
         WHERE table_name = 'cs_return_report_line' AND column_name IN ('product_uom_id', 'product_qty')
        """
    )
    existing = {row[0] for row in cr.fetchall()}
    if "product_uom_id" not in existing:
        cr.execute("ALTER TABLE cs_return_report_line ADD COLUMN product_uom_id integer")
        cr.execute(
            """
            UPDATE cs_return_report_line line
               SET product_uom_id = tmpl.uom_id
              FROM product_product product
              JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
             WHERE product.id = line.product_id
            """
        )
    if "product_qty" not in existing:
        cr.execute("ALTER TABLE cs_return_report_line ADD COLUMN product_qty double precision")
        cr.execute("UPDATE cs_return_report_line SET product_qty = quantity")
