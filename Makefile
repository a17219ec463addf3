# The two commands of the suite (see README.md), plus benchmarks.
.PHONY: run test bootstrap lint bench clean-state

run:
	tools/run.sh

test:
	tools/test.sh

bootstrap:
	tools/bootstrap.sh

lint:
	tools/bootstrap.sh >/dev/null && tools/lint.sh

# every bench/bench_*.py; `make bench-NAME` runs bench/bench_NAME.py (BENCH_SMOKE=1: tiny sizes)
bench:
	tools/bench.sh all

bench-%:
	tools/bench.sh $*
