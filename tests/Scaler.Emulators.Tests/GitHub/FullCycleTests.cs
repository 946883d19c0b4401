using System.Net.Http.Json;
using Scaler.Emulators.GitHub.Jobs;
using Scaler.Emulators.Tests.GitHub.Infrastructure;

namespace Scaler.Emulators.Tests.GitHub;

public sealed class FullCycleTests
{
    [Fact]
    public async Task JitRunner_ConnectsAndRunsQueuedJob_IsDeregisteredAfterCompletedWebhook()
    {
        await using var harness = await EmulatorHarness.StartAsync();
        var client = await harness.InstallationClientAsync();
        var job = harness.Emulator.QueueJob(new JobRequest("acme/app", ["self-hosted", "linux"]) { Duration = TimeSpan.FromMinutes(2) });
        var queued = await harness.NextWebhookAsync("queued");
        var jit = await EmulatorHarness.GenerateJitConfigAsync(client, "orgs/acme", "scaler-vm-1", "linux");

        using var connect = await harness.ConnectAsync(jit.EncodedJitConfig);
        var connected = await connect.Content.ReadFromJsonAsync<Dictionary<string, object>>();
        var inProgress = await harness.NextWebhookAsync("in_progress");
        var whileBusy = await client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");
        harness.Time.Advance(TimeSpan.FromMinutes(2));
        var completed = await harness.NextWebhookAsync("completed");
        var afterwards = await client.Actions.SelfHostedRunners.ListAllRunnersForOrganization("acme");

        Assert.Equal(job.Id, queued.GetProperty("workflow_job").GetProperty("id").GetInt64());
        Assert.Equal("scaler-vm-1", connected!["name"].ToString());
        Assert.Equal(jit.Runner.Id, inProgress.GetProperty("workflow_job").GetProperty("runner_id").GetInt64());
        Assert.Equal("scaler-vm-1", inProgress.GetProperty("workflow_job").GetProperty("runner_name").GetString());
        Assert.Equal("Default", inProgress.GetProperty("workflow_job").GetProperty("runner_group_name").GetString());
        Assert.True(Assert.Single(whileBusy.Runners).Busy);
        Assert.Equal("success", completed.GetProperty("workflow_job").GetProperty("conclusion").GetString());
        Assert.Equal("2026-01-10T12:02:00Z", completed.GetProperty("workflow_job").GetProperty("completed_at").GetString());
        Assert.Equal(0, afterwards.TotalCount);
        Assert.All(harness.Emulator.GetDeliveries(), d => Assert.Equal("OK", d.Status));
        Assert.Equal(3, harness.Emulator.Counters.WebhooksSent);
    }
}
