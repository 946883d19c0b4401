#!/usr/bin/env bash
# Scaler's build entry point.
#   ./build.sh test   restore, build, start Azurite on free ports, run every test project, stop Azurite
#   ./build.sh mutate [FOLDER...]
#                     mutation testing (Stryker.NET) of Core's critical folders, with Azurite started as for
#                     test; FOLDER is one of: policy capacity planner compute jobs intake (all by default).
#                     Prints the score per folder; reports go to .artifacts/mutation/reports/.
#   ./build.sh demo   the whole loop on this machine (Azurite and the GitHub and Azure emulators);
#                     options after "demo" go to scaler demo (--jobs N, --seed S)
#   ./build.sh soak   1,000 jobs (--jobs N) through the whole loop under faults, every invariant checked over the
#                     whole history; prints one closing line (soak: jobs=N ran_once=N ... faults=N)
#   ./build.sh bench [--quick] [--only micro,intake,reaction,burst,azure,standby,saturation,cost,reconcile] [...]
#                     the benchmarks (bench/Scaler.Bench) in Release; each starts its own Azurite (and emulators) on free
#                     ports; prints markdown tables and writes them to .artifacts/bench/results.md
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

artifacts=.artifacts
azurite_pid=""

log() { printf '==> %s\n' "$*" >&2; }

require() {
  command -v "$1" >/dev/null 2>&1 || { echo "error: $1 is required ($2)" >&2; exit 1; }
}

install_node_packages() {
  require node "Node.js 20 or later runs Azurite"
  require npm "npm installs Azurite"
  if [[ ! -x node_modules/.bin/azurite || package-lock.json -nt node_modules/.package-lock.json ]]; then
    log "installing npm packages (Azurite)"
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
}

# The cloud-init tests validate generated user data with `cloud-init schema` (Debian package cloud-init).
install_cloud_init() {
  command -v cloud-init >/dev/null 2>&1 && return 0
  if command -v apt-get >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
    log "installing cloud-init (for cloud-init schema)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cloud-init >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq cloud-init >/dev/null 2>&1; } \
      || echo "warning: could not install cloud-init; the cloud-init schema test will fail" >&2
  else
    echo "warning: cloud-init is not installed (sudo apt-get install cloud-init); the cloud-init schema test will fail" >&2
  fi
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close();});'
}

wait_for_port() {
  local port=$1
  for _ in $(seq 1 150); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then return 0; fi
    sleep 0.2
  done
  echo "error: Azurite did not open port $port; see $artifacts/azurite.log" >&2
  return 1
}

stop_azurite() {
  if [[ -n "$azurite_pid" ]] && kill -0 "$azurite_pid" 2>/dev/null; then
    kill "$azurite_pid" 2>/dev/null || true
    wait "$azurite_pid" 2>/dev/null || true
  fi
}

start_azurite() {
  local blob queue table
  blob=$(free_port); queue=$(free_port); table=$(free_port)
  mkdir -p "$artifacts"
  log "starting Azurite (blob $blob, queue $queue, table $table)"
  node_modules/.bin/azurite --silent --skipApiVersionCheck --inMemoryPersistence --disableProductStyleUrl \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 \
    --blobPort "$blob" --queuePort "$queue" --tablePort "$table" >"$artifacts/azurite.log" 2>&1 &
  azurite_pid=$!
  trap stop_azurite EXIT
  wait_for_port "$blob"; wait_for_port "$queue"; wait_for_port "$table"
  local key="Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
  export SCALER_TEST_STORAGE="DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=$key;BlobEndpoint=http://127.0.0.1:$blob/devstoreaccount1;QueueEndpoint=http://127.0.0.1:$queue/devstoreaccount1;TableEndpoint=http://127.0.0.1:$table/devstoreaccount1;"
}

# Prints "N passed, N failed" summed over the TRX files of every test project.
summarize() {
  local passed=0 failed=0 file counters
  for file in "$artifacts"/test-results/*.trx; do
    [[ -e "$file" ]] || continue
    counters=$(grep -o '<Counters [^>]*>' "$file" | head -n 1)
    passed=$((passed + $(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")))
    failed=$((failed + $(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")))
  done
  echo "$passed passed, $failed failed"
}

run_tests() {
  require dotnet ".NET SDK 10"
  install_node_packages
  install_cloud_init
  log "restoring and building"
  dotnet build Scaler.sln --configuration Release --nologo -v quiet
  start_azurite
  rm -rf "$artifacts/test-results"
  log "running tests"
  local status=0
  dotnet test Scaler.sln --configuration Release --no-build --nologo \
    --logger "trx" --logger "console;verbosity=minimal" --results-directory "$artifacts/test-results" || status=$?
  summarize
  return "$status"
}

# The critical folders and the globs (stryker-config.json's "mutate", split per folder) that select their
# files, smallest first. One Stryker run takes the folders asked for: its build, first test run and coverage
# capture cost more than most folders' mutants, so they are paid once; the score is then counted per folder.
mutation_folders=(policy capacity planner compute jobs intake)
mutation_globs() {
  case "$1" in
    policy) echo "**/src/Core/RunnerUpdates/RunnerReleasePolicy.cs" ;;
    capacity) echo "**/src/Core/State/TableCapacity.cs **/src/Core/State/ICapacity.cs" ;;
    planner) echo "**/src/Core/Convergence/ReconcileRules.cs **/src/Core/Convergence/ReconcilePlanner.cs **/src/Core/Convergence/ReconcileExecutor.cs" ;;
    compute) echo "**/src/Core/Compute/AzureRunnerVms*.cs **/src/Core/Compute/ComputeErrors.cs **/src/Core/Compute/VmAttempt.cs" ;;
    jobs) echo "**/src/Core/Jobs/**/*.cs" ;;
    intake) echo "**/src/Core/Intake/**/*.cs" ;;
    *) return 1 ;;
  esac
}

# Prints each folder's line from Stryker's JSON report: killed, survived, timeout, no coverage, score
# ((killed + timeout) / (killed + timeout + survived + no coverage)), then each survivor.
mutation_summary() {
  local report="$artifacts/mutation/reports/mutation-report.json"
  [[ -e "$report" ]] || { echo "no mutation report at $report" >&2; return 0; }
  node -e '
    const report = require(process.argv[1]);
    const folders = {
      policy: /\/RunnerUpdates\/RunnerReleasePolicy\.cs$/,
      capacity: /\/State\/(TableCapacity|ICapacity)\.cs$/,
      planner: /\/Convergence\/Reconcile(Rules|Planner|Executor)\.cs$/,
      compute: /\/Compute\/(AzureRunnerVms\w*|ComputeErrors|VmAttempt)\.cs$/,
      jobs: /\/Jobs\//,
      intake: /\/Intake\//,
    };
    const counted = ["Killed", "Survived", "Timeout", "NoCoverage"];
    const survivors = [];
    for (const [folder, pattern] of Object.entries(folders)) {
      const n = { Killed: 0, Survived: 0, Timeout: 0, NoCoverage: 0 };
      for (const [path, file] of Object.entries(report.files)) {
        if (!pattern.test("/" + path)) continue;
        for (const m of file.mutants) {
          if (!counted.includes(m.status)) continue;
          n[m.status]++;
          if (m.status === "Survived" || m.status === "NoCoverage")
            survivors.push(`  ${m.status} ${path.replace(/^.*src\/Core\//, "")}:${m.location.start.line} ${m.mutatorName}: ${m.replacement ?? ""}`.replace(/\s+/g, " "));
        }
      }
      const total = n.Killed + n.Survived + n.Timeout + n.NoCoverage;
      if (total === 0) continue;
      const score = ((n.Killed + n.Timeout) * 100 / total).toFixed(2);
      console.log(`${folder}: killed ${n.Killed}, survived ${n.Survived}, timeout ${n.Timeout}, no coverage ${n.NoCoverage}, score ${score}%`);
    }
    if (survivors.length) console.log("survivors and mutants without coverage:\n" + survivors.join("\n"));
  ' "$PWD/$report"
}

run_mutate() {
  require dotnet ".NET SDK 10"
  install_node_packages
  install_cloud_init
  local folders=("$@") folder globs glob args=() status=0 root=$PWD
  [[ ${#folders[@]} -gt 0 ]] || folders=("${mutation_folders[@]}")
  for folder in "${folders[@]}"; do
    mutation_globs "$folder" >/dev/null || { echo "error: unknown folder $folder (one of: ${mutation_folders[*]})" >&2; exit 2; }
    read -r -a globs <<<"$(mutation_globs "$folder")"
    for glob in "${globs[@]}"; do args+=(--mutate "$glob"); done
  done
  log "restoring tools (dotnet-stryker)"
  dotnet tool restore >&2
  start_azurite
  rm -rf "$artifacts/mutation"
  log "mutating ${folders[*]}"
  # From the test project's folder: Stryker refuses a test project in a folder that holds a solution.
  (cd tests/Scaler.Core.Tests && dotnet stryker --config-file ../../stryker-config.json --skip-version-check \
    --output "$root/$artifacts/mutation" "${args[@]}") || status=$?
  mutation_summary
  return "$status"
}

run_demo() {
  require dotnet ".NET SDK 10"
  install_node_packages
  log "building and starting the demo (Azurite, the GitHub and Azure emulators, scaler serve)"
  dotnet run --project src/Cli --configuration Release -- demo "$@"
}

run_soak() {
  local jobs=1000
  if [[ "${1:-}" == "--jobs" && -n "${2:-}" ]]; then jobs=$2; fi
  require dotnet ".NET SDK 10"
  install_node_packages
  log "building the end-to-end tests"
  dotnet build tests/Scaler.Cli.Tests --configuration Release --nologo -v quiet >&2
  mkdir -p "$artifacts"
  rm -f "$artifacts/soak.txt" "$artifacts/soak-log.txt"
  log "soaking $jobs jobs under faults"
  local status=0
  SCALER_SOAK_JOBS=$jobs SCALER_SOAK_SUMMARY="$PWD/$artifacts/soak.txt" SCALER_SOAK_LOG="$PWD/$artifacts/soak-log.txt" dotnet test tests/Scaler.Cli.Tests --configuration Release --no-build --nologo \
    --filter "FullyQualifiedName~Scaler.Cli.Tests.Soak.FaultSoakTests" --logger "console;verbosity=minimal" >&2 || status=$?
  # The file holds the violations, if any, then the closing line: the violations go to stderr, the line to stdout.
  if [[ -e "$artifacts/soak.txt" ]]; then head -n -1 "$artifacts/soak.txt" >&2; tail -n 1 "$artifacts/soak.txt"; fi
  return "$status"
}

run_bench() {
  require dotnet ".NET SDK 10"
  install_node_packages
  log "building the benchmarks"
  dotnet build bench/Scaler.Bench --configuration Release --nologo -v quiet >&2
  mkdir -p "$artifacts/bench"
  log "benchmarking (each benchmark starts its own Azurite)"
  dotnet run --project bench/Scaler.Bench --configuration Release --no-build -- --out "$artifacts/bench/results.md" "$@"
}

case "${1:-}" in
  test) run_tests ;;
  bench) shift; run_bench "$@" ;;
  mutate) shift; run_mutate "$@" ;;
  demo) shift; run_demo "$@" ;;
  soak) shift; run_soak "$@" ;;
  *) echo "usage: ./build.sh test | mutate [FOLDER...] | demo [--jobs N] [--seed S] | soak [--jobs N] | bench [--quick] [--only NAMES]" >&2; exit 2 ;;
esac
