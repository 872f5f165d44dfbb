#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The README's two commands:
#   sh tests/quickstart.sh run    install what is missing, build, start TaskLab
#   sh tests/quickstart.sh test   install what is missing, build, run every test
#                                 (also the pool's, the workloads' and the lab's
#                                 tests under ThreadSanitizer and
#                                 AddressSanitizer+UBSan, and the image loader
#                                 under libFuzzer)
set -eu

cd "$(dirname "$0")/.."

PACKAGES="meson ninja-build pkg-config gcc libc6-dev python3
libgtk-4-dev libadwaita-1-dev libglib2.0-dev libjson-glib-dev libcurl4-openssl-dev libstb-dev
gettext desktop-file-utils appstream
xvfb xauth xdotool clang libclang-rt-14-dev"

install_missing () {
  missing=""
  for package in $PACKAGES; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing="$missing $package"
    fi
  done
  [ -z "$missing" ] && return 0

  if ! command -v apt-get >/dev/null 2>&1; then
    echo "quickstart: apt-get is not available. Install these (or your system's equivalents) and run again:$missing" >&2
    exit 1
  fi
  if [ "$(id -u)" -eq 0 ]; then
    sudo=""
  elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    echo "quickstart: need root (or sudo) to install:$missing" >&2
    exit 1
  fi
  echo "quickstart: installing$missing"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing
}

# build DIR [meson options...]
build () {
  dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@"
  fi
  meson compile -C "$dir"
}

mode=${1:-}
case "$mode" in
  run)
    shift
    install_missing
    build build
    exec build/app/tasklab "$@"
    ;;
  test)
    install_missing
    build build
    build build-tsan -Db_sanitize=thread -Db_lundef=false
    build build-asan -Db_sanitize=address,undefined -Db_lundef=false
    status=0
    meson test -C build --print-errorlogs || status=1
    # ThreadSanitizer needs a fixed address space layout on recent kernels.
    # The scenarios (run without a window) and the ui suite too; under a
    # sanitizer the scenarios' verdicts are not asserted, only that each run
    # ends, with no report.
    # G_SLICE=always-malloc: GLib 2.74 recycles small blocks between threads
    # through its slice allocator, whose hand-offs TSan cannot see.
    LAB_UNDER_SANITIZER=1 G_SLICE=always-malloc \
    TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1 suppressions=$PWD/tests/tsan.supp" \
      setarch "$(uname -m)" -R meson test -C build-tsan --suite pool --suite workloads --suite lab \
        --suite scenarios --suite ui --print-errorlogs || status=1
    LAB_UNDER_SANITIZER=1 LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:fast_unwind_on_malloc=0" \
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
      meson test -C build-asan --suite pool --suite lab --suite workloads --suite scenarios \
        --print-errorlogs || status=1
    # Quitting the window mid-run, in the ASan build: no use-after-free, no
    # leak (tests/lsan.supp names the system libraries every GTK program
    # leaks from; full stacks so those frames are seen), out within a second.
    ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
    LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:fast_unwind_on_malloc=0" \
      meson test -C build-asan --logbase testlog-quit --print-errorlogs test-click-through \
        --test-args '-p /e2e/click-through/quit-during-run' || status=1
    # The image loader under libFuzzer for FUZZ_SECONDS (default 45), and the
    # image and blur tests under clang's AddressSanitizer + UBSan: build-fuzz/.
    if command -v clang >/dev/null 2>&1; then
      (CC=clang; export CC; build build-fuzz -Db_sanitize=address,undefined -Db_lundef=false)
      ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
        meson test -C build-fuzz --print-errorlogs fuzz-image-load \
          test-image test-image-save test-blur test-blur-parallel || status=1
    else
      echo "quickstart: no clang, so no fuzzing of the image loader" >&2
    fi
    python3 tests/summarize.py build build-tsan build-asan build-fuzz || status=1
    exit $status
    ;;
  *)
    echo "usage: sh tests/quickstart.sh run|test" >&2
    exit 2
    ;;
esac
