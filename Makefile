# SPDX-License-Identifier: GPL-3.0-or-later
# Thin front door over meson. Every target installs what is missing first.
BUILDDIR ?= _build
MESON_SETUP_ARGS ?= --buildtype=debugoptimized

.PHONY: all deps build run test test-sanitized bench clean

all: build

deps:
	@tools/install-deps

build: deps
	@[ -f $(BUILDDIR)/build.ninja ] || meson setup $(BUILDDIR) $(MESON_SETUP_ARGS)
	@meson compile -C $(BUILDDIR)

# The main job on the built-in demo.
run: build
	@tools/run-demo $(BUILDDIR)

# Every suite; the GUI suite needs a display, so all of them run under Xvfb. Then every
# suite again in a build with AddressSanitizer and UBSan: a leak, a memory error or undefined
# behaviour, in a test or in the application the GUI tests drive, fails the run.
XVFB = xvfb-run -a -s "-screen 0 1600x1000x24"
SANITIZEDDIR ?= _build-sanitized

test: build
	@$(XVFB) meson test -C $(BUILDDIR) --print-errorlogs --num-processes 2 ; \
	  status=$$? ; tools/check-testlog $(BUILDDIR) || status=1 ; exit $$status
	@$(MAKE) --no-print-directory test-sanitized
	@$(MAKE) --no-print-directory test-threads

test-sanitized: deps
	@[ -f $(SANITIZEDDIR)/build.ninja ] || \
	  meson setup $(SANITIZEDDIR) --buildtype=debug -Db_sanitize=address,undefined
	@meson compile -C $(SANITIZEDDIR)
	@$(XVFB) meson test -C $(SANITIZEDDIR) --setup sanitizers --print-errorlogs \
	  --num-processes 2 ; \
	  status=$$? ; tools/check-testlog $(SANITIZEDDIR) sanitizers || status=1 ; exit $$status

# The tests of the core's threaded code (parallel STFT and phase passes, parallel level
# masks, the mask snapshot read while edited, NMF's BLAS threads) under ThreadSanitizer.
THREADSDIR ?= _build-threads
THREAD_TESTS = test-mask-snapshot test-stft test-phase test-db-levels test-nmf test-mask-edit

test-threads: deps
	@[ -f $(THREADSDIR)/build.ninja ] || \
	  meson setup $(THREADSDIR) --buildtype=debugoptimized -Db_sanitize=thread
	@meson compile -C $(THREADSDIR) $(addprefix tests/,$(THREAD_TESTS))
	@meson test -C $(THREADSDIR) --no-rebuild --setup threads --print-errorlogs \
	  --num-processes 2 $(THREAD_TESTS)

bench: build
	@tools/install-deps --bench
	@bench/run-all $(BUILDDIR)

clean:
	rm -rf $(BUILDDIR) $(SANITIZEDDIR) $(THREADSDIR)
