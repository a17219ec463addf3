"""One JSON-RPC client for the suite's tests: ``execute_kw`` on ``/jsonrpc`` as a given user,
the way the web client's RPC calls and external programs (the Przypominacz) reach the server.

Every addon depends on crm_reminders, so their tests import it from here.
"""

import json


def execute_kw(case, user, password, model, method, args=(), kwargs=None):
    """Call ``model.method(*args, **kwargs)`` over the test server's ``/jsonrpc``.

    :param case: the running ``HttpCase`` (its database and ``url_open``)
    :param user: the ``res.users`` record to log in as; ``password`` its password
    :return: the JSON-RPC answer as a dict: ``{"result": ...}`` (no key when the method
        returned None) or ``{"error": {"data": {"name": exception class, "message": text}}}``
    """
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {
            "service": "object",
            "method": "execute_kw",
            "args": [case.env.cr.dbname, user.id, password, model, method, list(args), kwargs or {}],
        },
    }
    response = case.url_open("/jsonrpc", data=json.dumps(payload), headers={"Content-Type": "application/json"})
    return response.json()
