#!/bin/sh
# Installs Debian's `chromium` (the headless browser of Tests/CLITests/ReportBrowserTests.swift)
# with apt-get when no `chromium` is on PATH; does nothing when it is. sudo when not root.
set -eu
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "error: chromium is not installed and apt-get is not available; install Chromium so that \`chromium\` is on PATH" >&2
    exit 1
fi
if [ "$(id -u)" = 0 ]; then SUDO=; else SUDO=sudo; fi
echo "installing chromium (headless browser for the report test) with apt-get"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
command -v chromium >/dev/null 2>&1 || { echo "error: apt-get installed chromium but it is not on PATH" >&2; exit 1; }
echo "installed $(chromium --version 2>/dev/null || echo chromium)"
