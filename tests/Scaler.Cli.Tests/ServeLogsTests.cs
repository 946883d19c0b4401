using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Scaler.Cli.Sandbox;
using Scaler.Core.GitHub;
using Scaler.Core.Intake;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Cli.Tests;

/// <summary>
/// A whole <c>scaler serve</c> sandbox run with every log level on: a job is delivered, provisioned, run and
/// cleaned up, and no log record of serve holds the webhook secret, the App's private key, or any installation
/// token, runner token or JIT config the GitHub emulator issued during the run.
/// </summary>
public sealed class ServeLogsTests : IAsyncLifetime
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(60);
    private readonly FakeLogCollector logs = new();
    private Sandbox.Sandbox sandbox = null!;

    public async Task InitializeAsync() =>
        sandbox = await Sandbox.Sandbox.StartAsync(
            new SandboxOptions { LinuxMinIdle = 0, Logging = l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(new FakeLoggerProvider(logs)) },
            CancellationToken.None);

    public async Task DisposeAsync() => await sandbox.DisposeAsync();

    [Fact]
    public async Task ServeRun_JobDeliveredRunAndCleanedUp_LogsNoSecret()
    {
        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/api", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromSeconds(1) });
        await Eventually.TrueAsync(() => sandbox.GitHub.GetJob(job.Id)!.Status == "completed", Within, "the job completes");
        await Eventually.TrueAsync(() => sandbox.Arm.VirtualMachines.Count == 0, Within, "its VM is deleted");

        var key = sandbox.Serve.Services.GetRequiredService<IOptions<GitHubOptions>>().Value.AppPrivateKey;
        var secrets = sandbox.GitHub.IssuedSecrets
            .Append(sandbox.Serve.Services.GetRequiredService<IOptions<WebhookOptions>>().Value.WebhookSecret)
            .Append(key)
            .Concat(key.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))
            .Where(s => s.Length >= 8)
            .ToList();
        Assert.Contains(secrets, s => s.StartsWith("ghs_", StringComparison.Ordinal));
        var records = logs.GetSnapshot();
        Assert.True(records.Count > 20, $"serve logged {records.Count} records");
        foreach (var record in records)
        {
            var text = string.Join(" | ", record.Message, record.Exception?.ToString(), string.Join(",", record.StructuredState?.Select(kv => kv.Value) ?? []));
            foreach (var secret in secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.Ordinal), $"serve logged a secret starting {secret[..4]} in {record.Category}: {text.Replace(secret, "<secret>", StringComparison.Ordinal)}");
            }
        }
    }
}
