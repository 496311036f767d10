# mk/bench.mk: the performance benchmark (tools/bench/README.md). Not part of
# make check.
#
#   make bench         generate 100k, 500k and 1.5M-row staff extracts (and
#                      their leavers) once into build/bench/, then time, side
#                      by side (interleaved rounds) and pinned to one core,
#                      wc -l, the byte-loop floor (bytefloor), the libcsv
#                      floor (csvfloor) and wres; wdes and the peak RSS with 5
#                      --by columns at the largest size; the same extracts as
#                      .xlsx workbooks (csv2xlsx, once) against the libzip +
#                      expat floor (xlsxfloor) and the CSV path; report
#                      --suppress 0 and report with its publication audit
#                      (each run stopped after BENCH_REPORT_TIMEOUT, 600 s)
#                      against metrics at the largest size; then the
#                      peers (below). Medians of BENCH_RUNS (5) rounds and
#                      their spread (build/bench/results-bench.txt,
#                      results-peers.txt)
#   make bench-peers   only the peers: wres, pandas (Debian's python3-pandas)
#                      and DuckDB on 1 and 2 threads (npm @duckdb/node-api,
#                      into build/bench), each checked against the toolkit's
#                      figures; a peer that cannot be installed is skipped
#                      with a message
#   make bench-tools   only build the generator, the floor and runstat
#   make bench-suppress  publication mode on 60 directorates (tools/bench/
#                      suppress.sh; BENCH_SUPPRESS="60 5": directorates, N)
#
# BENCH_SIZES="100000 500000 1500000", BENCH_RUNS=5, BENCH_PEER_RUNS (=BENCH_RUNS)
# override.

BENCH_DIR    ?= build/bench
BENCH_CFLAGS := -O2 -std=c11 -Wall -Wextra -pedantic
BENCH_TOOLS  := $(BENCH_DIR)/gen_staff $(BENCH_DIR)/csvfloor $(BENCH_DIR)/bytefloor \
                $(BENCH_DIR)/runstat \
                $(BENCH_DIR)/csv2xlsx $(BENCH_DIR)/xlsxfloor $(BENCH_DIR)/zipshim.so
BENCH_DUCKDB := @duckdb/node-api@1.5.6-r.1
BENCH_ENV     = BENCH_DIR=$(BENCH_DIR) BIN=$(BIN) LC_ALL=C \
                $(if $(BENCH_SIZES),BENCH_SIZES="$(BENCH_SIZES)") \
                $(if $(BENCH_RUNS),BENCH_RUNS=$(BENCH_RUNS)) \
                $(if $(BENCH_REPORT_TIMEOUT),BENCH_REPORT_TIMEOUT=$(BENCH_REPORT_TIMEOUT)) \
                $(if $(BENCH_PEER_RUNS),BENCH_PEER_RUNS=$(BENCH_PEER_RUNS))

.PHONY: bench bench-peers bench-tools bench-peer-deps bench-suppress

bench-suppress: $(BIN)/wres $(BIN)/wdes
	@BIN=$(BIN) BENCH_DIR=$(BENCH_DIR) sh tools/bench/suppress.sh $(BENCH_SUPPRESS)

$(BENCH_DIR)/gen_staff: tools/bench/gen_staff.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_DIR)/csvfloor: tools/bench/csvfloor.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -lcsv

$(BENCH_DIR)/bytefloor: tools/bench/bytefloor.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

$(BENCH_DIR)/csv2xlsx: tools/bench/csv2xlsx.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -lcsv -lxlsxwriter

$(BENCH_DIR)/xlsxfloor: tools/bench/xlsxfloor.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $< -lzip -lexpat

$(BENCH_DIR)/zipshim.so: tools/bench/zipshim.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -shared -fPIC -o $@ $< -ldl

$(BENCH_DIR)/runstat: tools/bench/runstat.c
	@mkdir -p $(dir $@)
	$(CC) $(BENCH_CFLAGS) -o $@ $<

bench-tools: $(BENCH_TOOLS)

bench: deps
	@$(MAKE) --no-print-directory all bench-tools bench-peer-deps
	@$(BENCH_ENV) sh tools/bench/run.sh bench
	@$(BENCH_ENV) sh tools/bench/run.sh peers

# The peers' packages, only when missing; a failure skips that peer.
bench-peer-deps:
	@if ! /usr/bin/python3 -c 'import pandas' 2>/dev/null; then \
	  echo "bench-peers: installing python3-pandas" >&2; \
	  SUDO=; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	    $$SUDO apt-get install -y -qq --no-install-recommends python3-pandas >/dev/null; } || \
	  echo "bench-peers: could not install python3-pandas: pandas is skipped" >&2; \
	fi
	@mkdir -p $(BENCH_DIR)
	@if [ ! -d $(BENCH_DIR)/node_modules/@duckdb/node-api ]; then \
	  if command -v npm >/dev/null 2>&1; then \
	    echo "bench-peers: npm install $(BENCH_DUCKDB) into $(BENCH_DIR)" >&2; \
	    (cd $(BENCH_DIR) && npm install --no-save --no-audit --no-fund --loglevel=error \
	      $(BENCH_DUCKDB) >/dev/null) || \
	      echo "bench-peers: could not install $(BENCH_DUCKDB): DuckDB is skipped" >&2; \
	  else \
	    echo "bench-peers: no npm (apt-get install -y nodejs npm): DuckDB is skipped" >&2; \
	  fi; \
	fi

bench-peers: deps
	@$(MAKE) --no-print-directory all bench-tools bench-peer-deps
	@$(BENCH_ENV) sh tools/bench/run.sh peers
