"""Scheduled actions that walk many records do it by bounded batches.

Each batch is committed with its progress (``ir.cron._commit_progress``), so a
crash or a timeout loses at most the batch being processed, and Odoo runs the
action again while records remain. The records are walked in id order from the
last one processed; what a batch did must take its records out of the domain
(a "chased" mark, a sent flag...), so that the next run, after an interruption,
continues with what is left and does nothing twice.

Outside a scheduled action (a test, "Run Manually" from a shell) the same loop
runs without committing: the caller's transaction decides.
"""

from odoo.fields import Domain

# records per committed batch: small enough that a batch is quick to redo, large
# enough that the progress bookkeeping (one count, one commit) stays negligible
BATCH_SIZE = 200


def cs_process_in_batches(model, domain, process, batch_size=None):
    """Call ``process(records)`` on the records of ``domain`` by batches of ``batch_size``.

    Returns the number of records processed in this run; it may stop early when
    the scheduled action runs out of time (Odoo then runs it again soon).
    """
    batch_size = batch_size or BATCH_SIZE
    domain = Domain(domain)
    cron = model.env["ir.cron"]
    in_cron = bool(model.env.context.get("ir_cron_progress_id"))
    last_id = 0
    done = 0
    while True:
        records = model.search(domain & Domain("id", ">", last_id), limit=batch_size, order="id")
        if not records:
            if in_cron:
                cron._commit_progress(0, remaining=0)
            return done
        process(records)
        done += len(records)
        last_id = records[-1].id
        if not in_cron:
            if len(records) < batch_size:
                return done
            continue
        remaining = model.search_count(domain & Domain("id", ">", last_id)) if len(records) == batch_size else 0
        # commits the batch; out of time: stop here, Odoo runs the action again for the rest
        time_left = cron._commit_progress(len(records), remaining=remaining)
        if not remaining or not time_left:
            return done
