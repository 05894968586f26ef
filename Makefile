# SPDX-License-Identifier: GPL-3.0-or-later
# Thin front door over meson. Every target installs what is missing first.
BUILDDIR ?= _build
MESON_SETUP_ARGS ?= --buildtype=debugoptimized

.PHONY: all deps build run test bench clean

all: build

deps:
	@tools/install-deps

build: deps
	@[ -f $(BUILDDIR)/build.ninja ] || meson setup $(BUILDDIR) $(MESON_SETUP_ARGS)
	@meson compile -C $(BUILDDIR)

# The main job on the built-in demo.
run: build
	@tools/run-demo $(BUILDDIR)

# Every suite; the GUI suite needs a display, so all of them run under Xvfb.
test: build
	@xvfb-run -a -s "-screen 0 1600x1000x24" \
	  meson test -C $(BUILDDIR) --print-errorlogs --num-processes 2 ; \
	  status=$$? ; tools/check-testlog $(BUILDDIR) || status=1 ; exit $$status

bench: build
	@tools/install-deps --bench
	@bench/run-all $(BUILDDIR)

clean:
	rm -rf $(BUILDDIR)
