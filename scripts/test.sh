#!/usr/bin/env bash
# Sets everything up (as scripts/setup.sh --browser) and runs every test project of the solution.
# Ends with one line "N passed, N failed" counted from the test results.
set -uo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

bash scripts/setup.sh --browser || { echo "setup failed"; echo "0 passed, 1 failed"; exit 1; }

results="$repo_root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

echo "[test] Running all test projects"
# Should a test host crash, the log names the test that was running (and a small dump is kept beside the results).
dotnet test MnistBlazor.sln -c Release --no-build --nologo --blame-crash --blame-crash-dump-type mini \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" 2>&1 | tee "$results/console.log"
test_exit=${PIPESTATUS[0]}

# Reads one counter of a TRX report's <Counters .../> element (0 when absent).
counter() {
  local found
  found="$(grep -o '<Counters [^>]*>' "$1" | head -n1 | sed -n "s/.* $2=\"\([0-9]*\)\".*/\1/p")"
  printf '%s' "${found:-0}"
}

passed=0
failed=0
reports=0
for report in "$results"/*.trx; do
  [ -e "$report" ] || continue
  reports=$((reports + 1))
  passed=$((passed + $(counter "$report" passed)))
  failed=$((failed + $(counter "$report" failed) + $(counter "$report" error) + $(counter "$report" timeout) + $(counter "$report" aborted)))
done

projects="$(dotnet sln MnistBlazor.sln list | grep -c 'Tests\.csproj$')"
if [ "$reports" -lt "$projects" ]; then
  echo "[test] Only $reports of $projects test projects produced results: a test host crashed or did not start."
  failed=$((failed + projects - reports))
fi
if [ "$test_exit" -ne 0 ] && [ "$failed" -eq 0 ]; then
  echo "[test] dotnet test exited with $test_exit although no test failed."
  failed=1
fi

# Names each failed test with the start of its message, so the end of the log says what broke.
failures() {
  awk '
    function plain(text) {
      gsub(/&quot;/, "\"", text); gsub(/&apos;/, "\x27", text); gsub(/&lt;/, "<", text); gsub(/&gt;/, ">", text); gsub(/&amp;/, "\\&", text)
      return text
    }
    /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); name = plain(substr($0, RSTART + 10, RLENGTH - 11)); wanted = 1; next }
    wanted && /<Message>/ { sub(/.*<Message>/, ""); lines_left = 4 }
    lines_left > 0 {
      line = $0; sub(/<\/Message>.*/, "", line)
      if (lines_left == 4) print "[test] FAILED " name ": " plain(line); else print "[test]   " plain(line)
      lines_left--
      if ($0 ~ /<\/Message>/) { lines_left = 0; wanted = 0 }
    }
  ' "$1"
}
for report in "$results"/*.trx; do
  [ -e "$report" ] && failures "$report"
done
grep -A1 "The test running when the crash occurred" "$results/console.log" | grep -v -e '^--$' | sed 's/^/[test] /'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
