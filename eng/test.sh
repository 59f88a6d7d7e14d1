#!/usr/bin/env bash
# The test command (README.md): builds the solution, then runs every test project with a throw-away Azurite
# on loopback (eng/with-azurite.sh installs the pinned version from package-lock.json and always stops it),
# and prints one closing line: "Tests: N passed, N failed, N skipped".
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

configuration="${CONFIGURATION:-Debug}"
results="$root/TestResults"
rm -rf "$results"

dotnet build Hub.sln -c "$configuration" -nologo -clp:ErrorsOnly

set +e
"$root/eng/with-azurite.sh" dotnet test Hub.sln -c "$configuration" --no-build -nologo \
  --results-directory "$results" --logger "trx" --logger "console;verbosity=minimal" "$@"
status=$?
set -e

# One line that CI and people can read, summed over every project's TRX file.
python3 - "$results" <<'PY' || true
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for f in glob.glob(sys.argv[1] + "/*.trx"):
    c = ET.parse(f).getroot().find(".//{*}Counters")
    if c is None: continue
    passed += int(c.get("passed", 0)); failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0))
    # xUnit's skipped tests are counted in total but not in executed.
    skipped += int(c.get("total", 0)) - int(c.get("executed", 0))
print(f"Tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit "$status"
