"""19.0.1.4.0: the shipped return reasons say whether the goods come back damaged.

The reasons are data the addon ships once (noupdate): a database that had them
before the good/damaged distinction (19.0.1.3.0) kept every reason "good", so
goods returned damaged in transit, with a quality problem or expired would go
back into saleable stock. Those three reasons become "damaged", unless someone
already chose otherwise, and the lines of returns not yet received follow their
reason (received ones stay as they entered stock). Likewise the shipped Creative
department becomes a creative one (its tickets need the concept worksheet, 决不为
没有策略拟定的客户进行创意工作).
"""

import logging

_logger = logging.getLogger(__name__)

DAMAGED_REASONS = ("cs_return_reason_damaged", "cs_return_reason_quality", "cs_return_reason_expired")
NOT_RECEIVED = ("draft", "submitted", "approved")


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE cs_return_reason reason
           SET condition = 'damaged'
          FROM ir_model_data data
         WHERE data.module = 'customer_service_dept' AND data.model = 'cs.return.reason'
           AND data.name IN %s AND data.res_id = reason.id
           AND reason.condition = 'good'
           AND reason.write_date IS NOT DISTINCT FROM reason.create_date
        """,
        [DAMAGED_REASONS],
    )
    _logger.info(
        "customer_service_dept 19.0.1.4.0: %s shipped return reasons now bring goods back damaged", cr.rowcount
    )
    cr.execute(
        """
        UPDATE cs_return_report_line line
           SET condition = reason.condition
          FROM cs_return_reason reason, cs_return_report report
         WHERE reason.id = line.reason_id AND report.id = line.report_id
           AND report.state IN %s AND line.condition IS DISTINCT FROM reason.condition
        """,
        [NOT_RECEIVED],
    )
    _logger.info("customer_service_dept 19.0.1.4.0: %s return lines not yet received follow their reason", cr.rowcount)
    cr.execute(
        """
        UPDATE cs_department department
           SET is_creative = TRUE
          FROM ir_model_data data
         WHERE data.module = 'customer_service_dept' AND data.model = 'cs.department'
           AND data.name = 'cs_department_creative' AND data.res_id = department.id
           AND department.is_creative IS NOT TRUE
        """
    )
