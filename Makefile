# Two commands do everything (see README.md): `make demo` and `make test`.
# Odoo 19 is found through ODOO_SRC (a source tree) the first time; the
# environment is kept outside the clone, so later runs need no variable.
SHELL := /bin/bash
CS := ./scripts/cs.sh
export ODOO_SRC

.PHONY: setup demo test lint bench scale shell i18n screenshots
setup:
	$(CS) setup
demo:
	$(CS) demo
test:
	$(CS) test
lint:
	$(CS) lint
bench:
	$(CS) bench
# not part of `make test` or CI: PostgreSQL primary + replica, Odoo workers 1/2/4, load and checks (~10 min)
scale:
	$(CS) scale
i18n:
	$(CS) i18n
screenshots:
	$(CS) screenshots
shell:
	$(CS) odoo shell -d $${DEMO_DB:-cs_demo}
