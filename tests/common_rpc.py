"""One JSON-RPC call over real HTTP, for the tests that play a role's own client."""


def execute_kw(case, user, password, model, method, args, kwargs=None, timeout=60):
    """``object.execute_kw`` on Odoo's ``/jsonrpc`` as ``user`` (an HttpCase's server).

    Returns the decoded JSON answer: ``{"result": ...}`` or ``{"error": ...}``.
    """
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "id": 1,
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [case.env.cr.dbname, user.id, password, model, method, list(args), kwargs or {}],
        },
    }
    return case.url_open("/jsonrpc", json=payload, timeout=timeout).json()
