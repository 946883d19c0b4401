namespace Scaler.Core.Runners.CloudInit;

/// <summary>
/// The shell that the fresh VM's start script and the standby VM's scripts share: their settings, the install of the
/// runner release and the pool's setup, and the start of the runner from the JIT config file. Its only data are the
/// release's version and SHA-256, which <see cref="RunnerBoot"/> has validated to characters that are inert inside
/// single quotes.
/// </summary>
internal static class RunnerScriptParts
{
    /// <summary>The release to install. Every script knows its settings by the same names.</summary>
    public const string ReleaseSettings = """
        readonly RUNNER_VERSION='@VERSION@'
        readonly RUNNER_SHA256='@SHA256@'
        """;

    public const string RunnerSettings = """
        readonly RUNNER_USER=runner
        readonly RUNNER_HOME=/home/runner/actions-runner
        """;

    public const string JitFileSetting = "readonly JIT_FILE=/etc/scaler/jitconfig";

    public const string DownloadConfigSetting = "readonly DOWNLOAD_CONFIG=/etc/scaler/runner-download";

    /// <summary>
    /// The pool's setup script, the docker group, and the release: downloaded with curl from its 0600 config (the URL
    /// may carry a SAS), checked against its SHA-256 and extracted, unless the image holds it already; the runner's
    /// dependencies when libicu is missing.
    /// </summary>
    public const string Install = """
        if [[ -x /opt/scaler/setup.sh ]]; then
          echo "scaler: running the pool's setup script"
          /opt/scaler/setup.sh
        fi

        # Docker, when the pool installs it, without sudo for the runner user.
        if getent group docker >/dev/null; then
          usermod -aG docker "$RUNNER_USER"
        fi

        installed=""
        if [[ -x "$RUNNER_HOME/bin/Runner.Listener" ]]; then
          installed=$("$RUNNER_HOME/bin/Runner.Listener" --version 2>/dev/null || true)
        fi
        if [[ "$installed" == "$RUNNER_VERSION" ]]; then
          echo "scaler: actions/runner $RUNNER_VERSION is already in the image"
        else
          echo "scaler: installing actions/runner $RUNNER_VERSION"
          tarball=$(mktemp /tmp/actions-runner.XXXXXX)
          # The URL may carry a SAS: curl reads it from its 0600 config, never from the command line.
          curl --fail --silent --show-error --location --proto '=https' --tlsv1.2 \
            --retry 5 --retry-all-errors --config "$DOWNLOAD_CONFIG" --output "$tarball"
          echo "$RUNNER_SHA256  $tarball" | sha256sum --check --strict --quiet -
          install -d -o "$RUNNER_USER" -g "$RUNNER_USER" -m 0750 "$RUNNER_HOME"
          tar -xzf "$tarball" -C "$RUNNER_HOME" --no-same-owner
          rm -f "$tarball"
        fi
        rm -f "$DOWNLOAD_CONFIG"
        chown -R "$RUNNER_USER:$RUNNER_USER" "$RUNNER_HOME"
        # grep without -q reads all of ldconfig's output, so pipefail does not see a SIGPIPE.
        if ! ldconfig -p | grep libicu >/dev/null; then
          "$RUNNER_HOME/bin/installdependencies.sh"
        fi
        """;

    /// <summary>Starts one ephemeral runner from the JIT config in <c>$JIT_FILE</c>, as the runner user, and waits for it to exit.</summary>
    public const string Start = """
        # The JIT config goes from its 0600 file into the runner's environment only; the file is removed first.
        ACTIONS_RUNNER_INPUT_JITCONFIG=$(cat "$JIT_FILE")
        rm -f "$JIT_FILE"
        export ACTIONS_RUNNER_INPUT_JITCONFIG

        cd "$RUNNER_HOME"
        echo "scaler: starting the runner"
        runner_status=0
        runuser -u "$RUNNER_USER" -- ./run.sh || runner_status=$?
        echo "scaler: the runner exited with status $runner_status"
        """;

    /// <summary>Settings one to a line: the block of a script that declares them.</summary>
    public static string Lines(params string[] settings) => string.Join("\n", settings);

    /// <summary>A script of <paramref name="parts"/>, a blank line between each.</summary>
    public static string Script(params string[] parts) => string.Join("\n\n", parts) + "\n";

    /// <summary><paramref name="script"/> with the release of <see cref="ReleaseSettings"/> filled in.</summary>
    public static string WithRelease(string script, string runnerVersion, string sha256) =>
        script
            .Replace("@VERSION@", runnerVersion, StringComparison.Ordinal)
            .Replace("@SHA256@", sha256.ToLowerInvariant(), StringComparison.Ordinal);

    /// <summary>
    /// curl's config naming the package's URL; validated by <see cref="RunnerBoot"/> to characters that need no
    /// escaping inside curl's double quotes.
    /// </summary>
    public static string DownloadConfig(Uri downloadUrl) => $"url = \"{downloadUrl.OriginalString}\"\n";
}
