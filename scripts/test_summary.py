"""Turn an Odoo test log into a one-line verdict and an exit code.

Odoo's runner ends with "F failed, E error(s) of N tests when loading database".
We print "N passed, M failed" (the plain summary CI reads) and exit non-zero when
any test failed or errored, when no test ran, when the summary line is missing
(Odoo crashed or was not found) or when the log holds an ERROR/CRITICAL line
(a module that failed to install, a broken view, a failed test setup).
"""

import re
import sys

SUMMARY = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests when loading database")
BAD = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")


def main(path):
    with open(path, encoding="utf-8", errors="replace") as log:
        lines = log.readlines()
    summary = None
    bad = []
    for line in lines:
        found = SUMMARY.search(line)
        if found:
            summary = tuple(int(x) for x in found.groups())
        elif BAD.match(line):
            bad.append(line.rstrip())
    if summary is None:
        print("".join(lines[-40:]))
        print("0 passed, 1 failed: Odoo ended without a test summary (see the log above)")
        return 1
    failed, errors, total = summary
    passed = total - failed - errors
    if bad and not failed + errors:
        print("\n".join(bad[:20]))
        errors = len(bad)
    print(f"{passed} passed, {failed + errors} failed")
    if total == 0:
        print("no test ran")
        return 1
    return 1 if failed + errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
