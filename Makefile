# The two commands of the suite (see README.md), plus benchmarks.
.PHONY: run test bootstrap lint bench-reminders bench-recurring clean-state

run:
	tools/run.sh

test:
	tools/test.sh

bootstrap:
	tools/bootstrap.sh

lint:
	tools/bootstrap.sh >/dev/null && . .state/env && ruff check crm_* tests bench tools && ruff format --check crm_* tests bench tools && pylint --rcfile=.pylintrc-mandatory crm_*

bench-reminders:
	tools/bench.sh reminders

bench-recurring:
	tools/bench.sh recurring
