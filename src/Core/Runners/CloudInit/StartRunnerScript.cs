namespace Scaler.Core.Runners.CloudInit;

/// <summary>
/// The fresh VM's script: installs the runner (<see cref="RunnerScriptParts.Install"/>) and starts it
/// (<see cref="RunnerScriptParts.Start"/>). Neither the JIT config nor the package's URL (a SAS URL when mirrored)
/// appears in it or on a command line: the script reads them from 0600 files, <see cref="CloudInitBuilder.JitConfigPath"/>
/// and, as curl's config, <see cref="CloudInitBuilder.DownloadConfigPath"/>.
/// </summary>
internal static class StartRunnerScript
{
    private const string Head = """
        #!/bin/bash
        # Written by Scaler. Installs one actions/runner release, starts one ephemeral runner from its JIT config
        # and powers the VM off when the runner exits (Scaler then deletes the VM).
        set -euo pipefail
        """;

    private const string Finish = """
        finish() {
          status=$?
          rm -f "$JIT_FILE" "$DOWNLOAD_CONFIG"
          echo "scaler: start-runner finished with status $status; powering off"
          systemctl poweroff --no-block || shutdown -h now
        }
        trap finish EXIT
        """;

    public static string Render(string runnerVersion, string sha256) =>
        RunnerScriptParts.WithRelease(
            RunnerScriptParts.Script(
                Head,
                RunnerScriptParts.Lines(RunnerScriptParts.ReleaseSettings, RunnerScriptParts.RunnerSettings, RunnerScriptParts.JitFileSetting, RunnerScriptParts.DownloadConfigSetting),
                Finish,
                RunnerScriptParts.Install,
                RunnerScriptParts.Start),
            runnerVersion,
            sha256);
}
