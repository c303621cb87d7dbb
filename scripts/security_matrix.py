"""Print the intended access matrix of the addon as a markdown table (for the README).

The data is ``tests/rpc_matrix.py``, the same one ``tests/test_security_rpc.py``
checks over HTTP JSON-RPC as each role. Usage: ``python3 scripts/security_matrix.py``
(``--full``: one row per protected field instead of one row for all of a model's).
"""

import importlib.util
import sys
from pathlib import Path

MATRIX_FILE = Path(__file__).resolve().parents[1] / "tests" / "rpc_matrix.py"


def load_matrix():
    spec = importlib.util.spec_from_file_location("rpc_matrix", MATRIX_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def rows(matrix, full=False):
    """(model, operation label, allowed roles); unless ``full``, the protected
    fields and the state of a model share one row (nobody writes them)."""
    for model in matrix.MATRIX:
        protected = []
        for operation, fname, allowed in matrix.operations(model):
            if operation == "write" and not fname:
                yield model, f"write {matrix.WRITE_FIELDS[model]}", allowed
            elif operation in ("write", "state") and not full:
                protected.append(fname if operation == "write" else f"state `{fname}`")
                continue
            elif operation != "unlink":
                label = matrix.cell_label(operation, fname)
                if operation == "action":
                    what = {method: record for method, record, _roles in matrix.ACTIONS[model]}[fname]
                    label = f"{label} on {what}"
                yield model, label, allowed
            if operation == "unlink":
                if protected:
                    yield model, "write " + ", ".join(protected), matrix.NOBODY
                yield model, "unlink", allowed


def markdown(matrix, full=False):
    roles = matrix.ROLES
    lines = [
        "| model | operation | " + " | ".join(matrix.ROLE_LABELS[role] for role in roles) + " |",
        "|---|---|" + "---|" * len(roles),
    ]
    for model, label, allowed in rows(matrix, full):
        cells = ["✓" if role in allowed else "✗" for role in roles]
        lines.append(f"| `{model}` | {label} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("✓ allowed, ✗ refused (AccessError / UserError / ValidationError). Records:")
    lines.extend(f"- `{model}`: {what}" for model, what in matrix.RECORDS.items())
    return "\n".join(lines)


def main():
    sys.stdout.write(markdown(load_matrix(), full="--full" in sys.argv[1:]) + "\n")


if __name__ == "__main__":
    main()
