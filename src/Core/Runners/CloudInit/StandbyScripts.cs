using System.Globalization;

namespace Scaler.Core.Runners.CloudInit;

/// <summary>
/// The standby VM's scripts and boot unit. The first boot (<see cref="Prepare"/>, from cloud-init's runcmd) installs the
/// release and the pool's setup with <see cref="RunnerScriptParts.Install"/> and enables <see cref="Unit"/>, which runs
/// <see cref="Boot"/> at every boot, that first one included. The document holds no JIT config: it comes at a later
/// boot, from the VM's <c>userData</c>, which the runner user and containers cannot read (firewall rules keep them off
/// the instance metadata service).
/// </summary>
internal static class StandbyScripts
{
    /// <summary>Where the VM reads its <c>userData</c> (base64, as ARM stores it; format=text returns it undecoded).</summary>
    public const string UserDataUrl = "http://169.254.169.254/metadata/instance/compute/userData?api-version=2021-01-01&format=text";

    public const string UnitName = "scaler-standby.service";

    /// <summary>
    /// Simple, not oneshot: the runner's job may take hours, and multi-user.target (which cloud-init's final stage
    /// follows) must not wait for it. Ordered after the network only: the script itself waits for the first boot's
    /// cloud-init before it powers the VM off.
    /// </summary>
    public const string Unit = """
        [Unit]
        Description=Scaler standby VM: start the runner whose JIT config userData holds, or power off
        Wants=network-online.target
        After=network-online.target

        [Service]
        Type=simple
        ExecStart=/opt/scaler/standby-boot.sh

        [Install]
        WantedBy=multi-user.target

        """;

    private const string PrepareHead = """
        #!/bin/bash
        # Written by Scaler. The first boot of a standby VM (cloud-init's runcmd): installs one actions/runner release
        # and the pool's setup, then enables scaler-standby.service, which runs at every boot, this one included.
        # Any failure stops here, before the unit is enabled: the VM stays running and never powers itself off as if
        # it were prepared.
        set -euo pipefail
        """;

    private const string PrepareCleanup = """
        trap 'rm -f "$DOWNLOAD_CONFIG"' EXIT
        """;

    private const string EnableUnit = """
        systemctl enable scaler-standby.service
        echo "scaler: actions/runner $RUNNER_VERSION is installed; starting scaler-standby.service"
        # --no-block: cloud-init's runcmd, which runs this script, goes on and finishes; the unit waits for it to
        # finish before it powers the VM off.
        systemctl start --no-block scaler-standby.service
        """;

    private const string BootHead = """
        #!/bin/bash
        # Written by Scaler. Runs at every boot of a standby VM (scaler-standby.service), as root: keeps the runner
        # user and containers off the instance metadata service, reads the VM's userData from it, and either powers
        # the VM off (no userData: the VM is prepared, and Scaler deallocates it) or starts the one ephemeral runner
        # whose JIT config userData holds, and powers the VM off when the runner exits (Scaler then deletes it).
        # The JIT config is held in unexported variables and a 0600 file only: never on a command line or in a log.
        set -euo pipefail
        """;

    private const string BootSettings = """
        readonly IMDS=169.254.169.254
        readonly USER_DATA_URL='@USERDATA@'
        # Written when cloud-init has finished on this instance once; kept across boots.
        readonly FIRST_BOOT_DONE=/var/lib/cloud/instance/boot-finished
        readonly MAX_JIT_CONFIG_LENGTH=@MAXJIT@
        """;

    private const string BootFinish = """
        finish() {
          status=$?
          rm -f "$JIT_FILE"
          # On the first boot this unit starts from cloud-init's runcmd: cloud-init finishes before the VM goes down,
          # or it would run its per-instance steps again at the next boot.
          if [[ ! -e "$FIRST_BOOT_DONE" ]]; then
            echo "scaler: waiting for cloud-init to finish"
            timeout 900 cloud-init status --wait >/dev/null || true
          fi
          echo "scaler: standby boot finished with status $status; powering off"
          systemctl poweroff --no-block || shutdown -h now
        }
        trap finish EXIT
        """;

    private const string BlockMetadataService = """
        # Before userData is read: the runner user may not reach the metadata service at all. Containers are kept off
        # it too, since Docker's bridged traffic is forwarded, not sent by the runner user. Root can undo this: a job
        # with sudo, or in the docker group, is root on the VM.
        block_metadata_service() {
          if command -v iptables >/dev/null; then
            # Inserted first, so that no earlier rule (ufw's, for one) accepts the connection.
            iptables -w -C OUTPUT -d "$IMDS" -m owner --uid-owner "$RUNNER_USER" -j REJECT 2>/dev/null \
              || iptables -w -I OUTPUT -d "$IMDS" -m owner --uid-owner "$RUNNER_USER" -j REJECT
            # Docker inserts its FORWARD rules ahead of others when it starts, except the jump to DOCKER-USER, which it
            # keeps first and whose rules it never removes: the place for this rule, whether Docker starts before or after.
            iptables -w -N DOCKER-USER 2>/dev/null || true
            iptables -w -C DOCKER-USER -d "$IMDS" -j REJECT 2>/dev/null \
              || iptables -w -I DOCKER-USER -d "$IMDS" -j REJECT
            iptables -w -C FORWARD -j DOCKER-USER 2>/dev/null \
              || iptables -w -I FORWARD -j DOCKER-USER
          elif command -v nft >/dev/null; then
            # A table of its own, replaced whole (add, delete, define): the rules exist once however often this runs.
            # A reject in any table is final, so Docker's own accept rules cannot let a container past it.
            nft -f - <<NFT
        table inet scaler_imds
        delete table inet scaler_imds
        table inet scaler_imds {
          chain output {
            type filter hook output priority 0; policy accept;
            ip daddr $IMDS meta skuid $RUNNER_USER reject
          }
          chain forward {
            type filter hook forward priority 0; policy accept;
            ip daddr $IMDS reject
          }
        }
        NFT
          else
            echo "scaler: neither iptables nor nft is installed, so the metadata service cannot be closed to the runner user; not reading userData"
            exit 1
          fi
        }

        block_metadata_service
        """;

    private const string ReadUserData = """
        # The metadata service may not answer in the first seconds of a boot: retry. It is never behind a proxy.
        if ! user_data=$(curl --noproxy '*' --fail --silent --show-error --max-time 10 \
          --retry 30 --retry-delay 2 --retry-connrefused --retry-all-errors \
          --header 'Metadata: true' "$USER_DATA_URL"); then
          echo "scaler: the metadata service did not give the VM's userData; not starting the runner"
          exit 1
        fi
        user_data=${user_data//[[:space:]]/}
        if [[ -z "$user_data" ]]; then
          echo "scaler: no JIT config in userData: the VM is prepared"
          exit 0
        fi

        # userData is base64 of the runner's encoded JIT config, which is base64 itself: decoded once, it must be
        # nothing else. printf is a shell builtin: the value reaches base64 on its standard input, not as an argument.
        if ! jit_config=$(printf '%s' "$user_data" | base64 --decode 2>/dev/null); then
          jit_config=""
        fi
        unset user_data
        if (( ${#jit_config} == 0 || ${#jit_config} > MAX_JIT_CONFIG_LENGTH || ${#jit_config} % 4 != 0 )) \
          || ! [[ "$jit_config" =~ ^[A-Za-z0-9+/]+={0,2}$ ]]; then
          echo "scaler: userData does not hold a JIT config; not starting the runner"
          exit 1
        fi

        # Root's 0600 file, as on a fresh VM: it lives only until the runner's environment holds the config.
        (umask 077 && printf '%s' "$jit_config" >"$JIT_FILE")
        unset jit_config
        echo "scaler: userData holds a JIT config"
        """;

    /// <summary>The first boot's script: install, then enable and start <see cref="UnitName"/>.</summary>
    public static string Prepare(string runnerVersion, string sha256) =>
        RunnerScriptParts.WithRelease(
            RunnerScriptParts.Script(
                PrepareHead,
                RunnerScriptParts.Lines(RunnerScriptParts.ReleaseSettings, RunnerScriptParts.RunnerSettings, RunnerScriptParts.DownloadConfigSetting),
                PrepareCleanup,
                RunnerScriptParts.Install,
                EnableUnit),
            runnerVersion,
            sha256);

    /// <summary>
    /// Every boot's script: close the metadata service to the runner user, read userData, power off or start the
    /// runner. The same for every release: the runner it starts is the one the first boot installed.
    /// </summary>
    public static string Boot() =>
        RunnerScriptParts.Script(
                BootHead,
                RunnerScriptParts.Lines(RunnerScriptParts.RunnerSettings, RunnerScriptParts.JitFileSetting, BootSettings),
                BootFinish,
                BlockMetadataService,
                ReadUserData,
                RunnerScriptParts.Start)
            .Replace("@USERDATA@", UserDataUrl, StringComparison.Ordinal)
            .Replace("@MAXJIT@", RunnerBoot.MaxJitConfigLength.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
}
