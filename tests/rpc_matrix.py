"""The intended access matrix of the addon's documents, as data.

Read by ``tests/test_security_rpc.py`` (which calls every cell over real HTTP
JSON-RPC as each role's own user) and by ``scripts/security_matrix.py`` (which
prints it as the README's markdown table). Plain Python: no Odoo import.

Per model: the roles allowed to ``read``, ``create``, ``write`` (one ordinary
field, the test names it) and ``unlink`` the test's real record, the fields the
record's state freezes or that only the document's buttons write (``protected``)
and the state field (``state``). Nobody writes a protected field nor the state
directly, managers included: the cells exist so that the test proves it.
Documents in a frozen state (approved, signed, sent, done...) are deleted by
nobody either. ``None`` means the model has no such cell.
"""

ROLES = (
    "portal",
    "internal",
    "salesperson",
    "stock_user",
    "cs_user",
    "cs_manager",
    "accountant",
    "order_department",
    "job_member",
    "job_manager",
    "market_director",
)

ROLE_LABELS = {
    "portal": "Portal",
    "internal": "Internal user (no addon group)",
    "salesperson": "Salesperson",
    "stock_user": "Stock user",
    "cs_user": "CS user",
    "cs_manager": "CS manager",
    "accountant": "Settlement Accountant",
    "order_department": "Order Department",
    "job_member": "Job department member",
    "job_manager": "Job department manager",
    "market_director": "Market Department Director",
}

# only these groups; the job department roles are CS users who are a member /
# a manager of the job department of the test's ticket (cs.department)
ROLE_GROUPS = {
    "portal": "base.group_portal",
    "internal": "base.group_user",
    "salesperson": "sales_team.group_sale_salesman",
    "stock_user": "stock.group_stock_user",
    "cs_user": "customer_service_dept.group_cs_user",
    "cs_manager": "customer_service_dept.group_cs_manager",
    "accountant": "customer_service_dept.group_cs_settlement_accountant",
    "order_department": "customer_service_dept.group_cs_order_department",
    "job_member": "customer_service_dept.group_cs_user",
    "job_manager": "customer_service_dept.group_cs_user",
    "market_director": "customer_service_dept.group_cs_market_director",
}

NOBODY = frozenset()
INTERNAL = frozenset(ROLES) - {"portal"}
CS = frozenset({"cs_user", "cs_manager", "job_member", "job_manager"})
MANAGER = frozenset({"cs_manager"})
# whoever sells: salespeople and the Customer Service roles (which imply Sales)
SELLERS = CS | {"salesperson"}

# The record each row acts on (built by the test through the action methods).
RECORDS = {
    "cs.department": "the job department (write/unlink: a spare department)",
    "cs.job.ticket": "an approved ticket opened by the CS user in the job department",
    "cs.job.time": "a time line of the CS user on that ticket",
    "cs.contact.report": "a sent contact report of the CS user, the job member in its team",
    "cs.contact.report.confirmation": "the client participant's confirmation of that sent report, waiting",
    "cs.job.weekly.report.log": "a line of the weekly report's sent log",
    "cs.complaint": "a complaint of the CS user with an approved solution",
    "cs.complaint.solution": "that approved solution",
    "cs.complaint.stage": "a spare stage",
    "cs.complaint.category": "a spare category",
    "cs.callback": "a done callback",
    "cs.return.reason": "a spare reason",
    "cs.return.report": "an approved return report of the salesperson",
    "cs.return.report.line": "a line of that report",
    "cs.settlement.agreement": "an agreement signed at the bank",
    "cs.settlement.batch": "its signing batch, handed to finance and answered",
    "cs.settlement.result": "the bank's imported result line",
    "cs.settlement.batch.line": "the agreement's line in its batch, as handed to finance and answered",
    "cs.retailer.phone.change": "a confirmed visit-sale phone change",
    "cs.order.method.change": "a reviewed order method change",
    "cs.stock.count": "a stock count line",
    "cs.service.request": "an inquiry of the CS user, answered",
    "cs.service.team": "a service team (write/unlink: a spare team)",
    "cs.service.deadline": "a deadline rule (write/unlink: a spare rule)",
    "cs.order.disqualification": "a reason of a refused order (written by the qualification check)",
    "cs.order.required.field": "a field required for a product category",
    "cs.order.change": "a change of a confirmed order waiting for the customer's confirmation",
    "cs.service.request.line": "a product line of the CS user's open inquiry",
    "cs.stock.adjustment": "an inventory adjustment filed by the stock user, waiting for approval",
    "cs.stock.adjustment.line": "its counted line",
    "cs.customer.visit": "a done visit of the CS manager (a customer manager) to the client",
    "cs.customer.visit.need": "its need not solved, raised as a service request",
    "cs.holiday": "a greeting holiday",
    "cs.relationship.reminder": "a birthday greeting given to the CS manager",
    "cs.announcement.type": "a customer manager announcement type (write/unlink: a spare type)",
    "cs.announcement": "a published customer manager announcement to all retailers",
    "cs.announcement.recipient": "a retailer's line of that announcement",
}

# The ordinary field the "write" cell changes (one the record's state does not freeze).
WRITE_FIELDS = {
    "cs.department": "sequence",
    "cs.job.ticket": "next_action",
    "cs.job.time": "hours",
    "cs.complaint": "color",
    "cs.complaint.stage": "sequence",
    "cs.complaint.category": "name",
    "cs.return.reason": "name",
    "cs.return.report": "next_action",
    "cs.return.report.line": "received_qty",
    "cs.settlement.agreement": "office_copy_date",
    "cs.settlement.batch": "note",
    "cs.service.request": "color",
    "cs.service.team": "sequence",
    "cs.service.deadline": "hours",
    "cs.order.required.field": "note",
    "cs.order.change": "customer_contact",
    "cs.service.request.line": "specification",
    "cs.customer.visit": "purpose_note",
    "cs.holiday": "name",
    "cs.announcement.type": "sequence",
}

MATRIX = {
    "cs.department": {
        "read": CS,
        "create": MANAGER,
        "write": MANAGER,
        "unlink": MANAGER,
        "protected": (),
        "state": None,
    },
    "cs.job.ticket": {
        # record rules: openers their own, department managers their department's,
        # members read approved work
        "read": frozenset({"cs_user", "cs_manager", "job_member", "job_manager"}),
        "create": CS,
        "write": frozenset({"cs_user", "cs_manager", "job_manager"}),
        "unlink": NOBODY,
        "protected": ("name", "approved_by_id", "date_approved", "title", "description", "brief"),
        "state": "state",
    },
    "cs.job.time": {
        # record rules: own lines and lines on own tickets
        "read": frozenset({"cs_user", "cs_manager"}),
        "create": CS,
        "write": frozenset({"cs_user", "cs_manager"}),
        "unlink": frozenset({"cs_user", "cs_manager"}),
        "protected": (),
        "state": None,
    },
    "cs.contact.report": {
        # record rules: author and team
        "read": frozenset({"cs_user", "cs_manager", "job_member"}),
        "create": CS,
        "write": None,
        "unlink": NOBODY,
        "protected": ("date_sent", "name", "discussion", "conclusions", "partner_id"),
        "state": "state",
    },
    "cs.contact.report.confirmation": {
        # record rules: the report's author and team; written only by the link and the mail reply
        "read": frozenset({"cs_user", "cs_manager", "job_member"}),
        "create": NOBODY,
        "write": None,
        "unlink": NOBODY,
        "protected": ("date_answered", "partner_id"),
        "state": "state",
    },
    "cs.job.weekly.report.log": {
        # written only by the weekly report's scheduled mails
        "read": MANAGER,
        "create": NOBODY,
        "write": None,
        "unlink": NOBODY,
        "protected": (),
        "state": None,
    },
    "cs.complaint": {
        # specialists read all, edit their own or unassigned
        "read": CS,
        "create": CS,
        "write": frozenset({"cs_user", "cs_manager"}),
        "unlink": NOBODY,
        "protected": ("name", "approved_solution_id", "solution_due", "reply_due", "close_date"),
        "state": "stage_id",
    },
    "cs.complaint.solution": {
        "read": CS,
        "create": CS,
        "write": None,
        "unlink": NOBODY,
        "protected": ("approved_by_id", "approved_date", "name", "cost"),
        "state": "state",
    },
    "cs.complaint.stage": {
        # the ACL gives base.group_user read: a responsible person sees the complaint's step
        "read": INTERNAL,
        "create": MANAGER,
        "write": MANAGER,
        "unlink": MANAGER,
        "protected": (),
        "state": None,
    },
    "cs.complaint.category": {
        "read": INTERNAL,
        "create": MANAGER,
        "write": MANAGER,
        "unlink": MANAGER,
        "protected": (),
        "state": None,
    },
    "cs.callback": {
        "read": CS,
        "create": CS,
        "write": None,
        "unlink": NOBODY,
        "protected": ("due_date", "done_date", "result"),
        "state": "state",
    },
    "cs.return.reason": {
        # the ACL gives base.group_user read: every internal role
        "read": INTERNAL,
        "create": MANAGER,
        "write": MANAGER,
        "unlink": MANAGER,
        "protected": (),
        "state": None,
    },
    "cs.return.report": {
        # salespeople their own; customer service and the warehouse all
        "read": frozenset({"salesperson", "stock_user"}) | CS,
        "create": frozenset({"salesperson"}) | CS,
        "write": frozenset({"salesperson", "stock_user"}) | CS,
        "unlink": NOBODY,
        "protected": ("approved_by_id", "return_picking_id", "partner_id", "picking_id", "date"),
        "state": "state",
    },
    "cs.return.report.line": {
        # lines of an approved report are frozen: nobody adds, changes or removes one
        "read": frozenset({"salesperson", "stock_user"}) | CS,
        "create": NOBODY,
        # only the warehouse enters the received quantities: storekeepers, and customer
        # service, whose role includes the stock work; never the person who filed it
        "write": frozenset({"stock_user"}) | CS,
        "unlink": NOBODY,
        "protected": ("product_id", "quantity", "price_unit", "reason_id"),
        "state": None,
    },
    "cs.settlement.agreement": {
        # customer service prepares; the accountant cannot create
        "read": CS | {"accountant"},
        "create": CS,
        "write": CS | {"accountant"},
        "unlink": NOBODY,
        "protected": (
            "account_number",
            "account_holder",
            "partner_id",
            "transfer_number",
            "batch_id",
            "verified_by_id",
            "signed_date",
        ),
        "state": "state",
    },
    "cs.settlement.batch": {
        "read": CS | {"accountant"},
        "create": CS,
        "write": CS | {"accountant"},
        "unlink": NOBODY,
        "protected": ("name", "bank_id", "date_sent"),
        "state": "state",
    },
    "cs.settlement.result": {
        # the bank's answer: created only by the accountant's import of the bank's file
        # (the cs.settlement.import wizard), never directly, and changed by nobody
        "read": CS | {"accountant"},
        "create": NOBODY,
        "write": None,
        "unlink": NOBODY,
        "protected": ("key", "balance", "reason", "agreement_id", "batch_id"),
        "state": "outcome",
    },
    "cs.settlement.batch.line": {
        # what went to the bank and its answer: written by the batch's and agreements' actions only
        "read": CS | {"accountant"},
        "create": NOBODY,
        "write": None,
        "unlink": NOBODY,
        "protected": ("account_number", "transfer_number", "outcome", "batch_id", "agreement_id"),
        "state": "outcome",
    },
    "cs.retailer.phone.change": {
        "read": CS | {"order_department", "market_director"},
        "create": CS,
        "write": None,
        "unlink": NOBODY,
        "protected": ("new_phone", "old_phone", "partner_id", "confirmed_by_id", "kind"),
        "state": "state",
    },
    "cs.order.method.change": {
        # written by the retailer's change itself; customer service reviews it
        "read": CS,
        "create": NOBODY,
        "write": None,
        "unlink": NOBODY,
        "protected": ("partner_id", "old_method", "new_method", "date", "returned"),
        "state": "reviewed",
    },
    "cs.stock.count": {
        # the counted lines of a physical inventory, kept for the accuracy KPI
        "read": CS | {"stock_user"},
        "create": NOBODY,
        "write": None,
        "unlink": NOBODY,
        "protected": ("system_qty", "counted_qty"),
        "state": None,
    },
    "cs.service.request": {
        # specialists read all, edit their own or unassigned; an answered request is kept
        "read": CS,
        "create": CS,
        "write": frozenset({"cs_user", "cs_manager"}),
        "unlink": NOBODY,
        "protected": ("name", "reply_due", "reply_date", "answer", "received_date"),
        "state": "state",
    },
    "cs.service.team": {
        "read": CS,
        "create": MANAGER,
        "write": MANAGER,
        "unlink": MANAGER,
        "protected": (),
        "state": None,
    },
    "cs.service.deadline": {
        "read": CS,
        "create": MANAGER,
        "write": MANAGER,
        "unlink": MANAGER,
        "protected": (),
        "state": None,
    },
    "cs.order.disqualification": {
        # written by the qualification check only; read by whoever sells
        "read": SELLERS,
        "create": NOBODY,
        "write": None,
        "unlink": NOBODY,
        "protected": (),
        "state": None,
    },
    "cs.order.required.field": {
        "read": SELLERS,
        "create": MANAGER,
        "write": MANAGER,
        "unlink": MANAGER,
        "protected": (),
        "state": None,
    },
    "cs.order.change": {
        # logged by the system when a confirmed order changes; the customer's confirmation is filled in
        "read": SELLERS,
        "create": NOBODY,
        "write": SELLERS,
        "unlink": NOBODY,
        "protected": ("order_id", "old_value", "new_value", "changed_by_id"),
        "state": "state",
    },
    "cs.service.request.line": {
        # lines of an open inquiry: its specialist (the request's write rule) or a manager
        "read": CS,
        "create": frozenset({"cs_user", "cs_manager"}),
        "write": frozenset({"cs_user", "cs_manager"}),
        "unlink": frozenset({"cs_user", "cs_manager"}),
        "protected": (),
        "state": None,
    },
    "cs.stock.adjustment": {
        # 庫存調整表: filed from Physical Inventory (its Apply dialog), never created or edited
        # directly; the Customer Service manager approves or refuses it by its buttons
        "read": CS | {"stock_user"},
        "create": NOBODY,
        "write": None,
        "unlink": NOBODY,
        "protected": ("reason", "counting_date", "user_id", "approved_by_id"),
        "state": "state",
    },
    "cs.stock.adjustment.line": {
        "read": CS | {"stock_user"},
        "create": NOBODY,
        "write": None,
        "unlink": NOBODY,
        "protected": ("product_id", "system_qty", "counted_qty"),
        "state": None,
    },
    "cs.customer.visit": {
        # Customer Managers (every CS manager is one) their own customers' visits, CS managers all;
        # a done visit's log is frozen and stays
        "read": MANAGER,
        "create": MANAGER,
        "write": MANAGER,
        "unlink": NOBODY,
        "protected": ("findings", "done_date", "callback_id", "due_date"),
        "state": "state",
    },
    "cs.customer.visit.need": {
        # the needs of a done visit are frozen; their request is raised by the visit only
        "read": MANAGER,
        "create": NOBODY,
        "write": None,
        "unlink": NOBODY,
        "protected": ("name", "request_id"),
        "state": None,
    },
    "cs.holiday": {
        "read": CS,
        "create": MANAGER,
        "write": MANAGER,
        "unlink": MANAGER,
        "protected": (),
        "state": None,
    },
    "cs.relationship.reminder": {
        # written by the daily relationship calendar only
        "read": MANAGER,
        "create": NOBODY,
        "write": None,
        "unlink": NOBODY,
        "protected": ("occasion_date",),
        "state": None,
    },
    "cs.announcement.type": {
        "read": CS,
        "create": MANAGER,
        "write": MANAGER,
        "unlink": MANAGER,
        "protected": (),
        "state": None,
    },
    "cs.announcement": {
        # 公告发布: Customer Service publishes; what the retailers read is frozen once published, and kept
        "read": CS,
        "create": CS,
        "write": None,
        "unlink": NOBODY,
        "protected": ("name", "body", "type_id", "published_by_id", "published_date"),
        "state": "state",
    },
    "cs.announcement.recipient": {
        # filled by the publishing action, marked sent by the mail cron and read by the portal page only
        "read": CS,
        "create": NOBODY,
        "write": None,
        "unlink": NOBODY,
        "protected": ("partner_id", "mail_state", "read_date"),
        "state": None,
    },
}


# Buttons whose right is the point: (method, the record it is called on, roles allowed).
ACTIONS = {
    "cs.job.ticket": (("action_approve", "a submitted ticket of the job department", frozenset({"job_manager"})),),
    "cs.complaint.solution": (("action_approve", "a proposed solution", MANAGER),),
    "cs.return.report": (("action_approve", "a submitted return report of the salesperson", MANAGER),),
    "cs.settlement.agreement": (
        # customer service checks the papers; the accountant neither creates nor verifies
        ("action_verify", "a complete draft agreement", CS),
        ("action_mark_signed", "an agreement at the bank", frozenset({"accountant"})),
    ),
    # the market department director (市场部主任经理), not the Customer Service manager
    "cs.retailer.phone.change": (
        ("action_confirm", "a long-term change waiting for confirmation", frozenset({"market_director"})),
    ),
    "cs.service.request": (
        # the answer is sent by the request's specialist or a manager, not by another specialist
        ("action_answer", "a new inquiry of the CS user with its answer written", frozenset({"cs_user", "cs_manager"})),
    ),
    # the stock user filed it: only a Customer Service manager (not its filer) approves
    "cs.stock.adjustment": (("action_approve", "an adjustment waiting for approval", MANAGER),),
    # Customer Service publishes (发布); only a Customer Service manager withdraws
    "cs.announcement": (
        ("action_publish", "a draft customer manager announcement to all retailers", CS),
        ("action_withdraw", "the published announcement", MANAGER),
    ),
}


def operations(model):
    """The cells of one model, in order: (operation, field or None, allowed roles)."""
    spec = MATRIX[model]
    cells = [("read", None, spec["read"]), ("create", None, spec["create"])]
    if spec["write"] is not None:
        cells.append(("write", None, spec["write"]))
    cells.extend(("write", fname, NOBODY) for fname in spec["protected"])
    if spec["state"]:
        cells.append(("state", spec["state"], NOBODY))
    cells.append(("unlink", None, spec["unlink"]))
    cells.extend(("action", method, allowed) for method, _record, allowed in ACTIONS.get(model, ()))
    return cells


def cell_label(operation, fname):
    if operation == "write" and fname:
        return f"write {fname}"
    if operation == "state":
        return f"write state ({fname})"
    if operation == "action":
        return f"{fname}()"
    return operation
