#!/usr/bin/env bash
# The project's test command (README): installs what the tests need on a fresh
# machine, then runs every test. No test skips itself because a tool is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v sha256sum >/dev/null || need_apt+=(coreutils)
command -v unzip >/dev/null || need_apt+=(unzip)
if [ ${#need_apt[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}"
fi

cargo test --locked --all-targets
