# The two commands of the suite (see README.md), plus benchmarks.
.PHONY: run test bootstrap lint bench-reminders bench-recurring clean-state

run:
	tools/run.sh

test:
	tools/test.sh

bootstrap:
	tools/bootstrap.sh

lint:
	tools/bootstrap.sh >/dev/null && tools/lint.sh

bench-reminders:
	tools/bench.sh reminders

bench-recurring:
	tools/bench.sh recurring
