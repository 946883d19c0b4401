using System.Text;

namespace Scaler.Emulators.Tests.Arm;

/// <summary>cloud-init documents shaped like the ones the scaler sends.</summary>
internal static class CloudInitSamples
{
    public const string Version = "2.330.0";

    public static string JitConfig { get; } = Base64(
        """{".runner":"eyJhZ2VudElkIjoxfQ==",".credentials":"e30=",".credentials_rsaparams":"e30="}""");

    /// <summary>The JIT config in a plain write_files entry, the tarball URL in runcmd.</summary>
    public static string PlainWriteFiles() => $"""
        #cloud-config
        write_files:
          - path: /opt/runner/jitconfig
            permissions: '0600'
            content: {JitConfig}
        runcmd:
          - curl -fsSL -o /tmp/runner.tgz https://github.com/actions/runner/releases/download/v{Version}/actions-runner-linux-x64-{Version}.tar.gz
          - sudo -u runner /opt/runner/run.sh --jitconfig "$(cat /opt/runner/jitconfig)"
        """;

    /// <summary>A start script in a base64 write_files entry that holds both the JIT config and the tarball URL.</summary>
    public static string Base64WriteFiles()
    {
        var script = $"""
            #!/bin/bash
            set -euo pipefail
            RUNNER_URL=https://github.com/actions/runner/releases/download/v{Version}/actions-runner-linux-x64-{Version}.tar.gz
            curl -fsSL "$RUNNER_URL" | tar -xz -C /opt/runner
            exec /opt/runner/run.sh --jitconfig '{JitConfig}'
            """;
        return $"""
            #cloud-config
            write_files:
              - path: /opt/runner/start.sh
                encoding: b64
                permissions: '0755'
                content: {Base64(script)}
            runcmd:
              - [ /opt/runner/start.sh ]
            """;
    }

    /// <summary>A standby VM's cloud-init: installs the runner and a boot unit that reads the JIT config from userData at every boot.</summary>
    public static string Standby() => $$"""
        #cloud-config
        write_files:
          - path: /opt/runner/boot.sh
            permissions: '0755'
            content: |
              #!/bin/bash
              set -euo pipefail
              jit="$(curl -fsS -H 'Metadata: true' 'http://169.254.169.254/metadata/instance/compute/userData?api-version=2021-01-01&format=text' | base64 -d)"
              if [ -z "$jit" ]; then systemctl poweroff; exit 0; fi
              ACTIONS_RUNNER_INPUT_JITCONFIG="$jit" sudo -E -u runner /opt/runner/run.sh
              systemctl poweroff
        runcmd:
          - curl -fsSL -o /tmp/runner.tgz https://github.com/actions/runner/releases/download/v{{Version}}/actions-runner-linux-x64-{{Version}}.tar.gz
          - [ systemctl, enable, --now, runner-boot.service ]
        """;

    /// <summary>A boot unit like <see cref="Standby"/>'s in a base64 write_files entry, where the metadata URL is only in the decoded text.</summary>
    public static string StandbyBase64() => $"""
        #cloud-config
        write_files:
          - path: /opt/runner/boot.sh
            encoding: b64
            permissions: '0755'
            content: {Base64("#!/bin/bash\ncurl -fsS -H 'Metadata: true' 'http://169.254.169.254/metadata/instance/compute/userData?api-version=2021-01-01&format=text'\n")}
        """;

    public static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}
