using Scaler.Cli.Sandbox;
using Scaler.Emulators.GitHub.Faults;
using Scaler.Emulators.GitHub.Jobs;

namespace Scaler.Cli.Tests;

/// <summary>A dropped <c>queued</c> webhook: GitHub never redelivers, Scaler's reconcile timer does, and the job runs.</summary>
public sealed class LostWebhookEndToEndTests : IAsyncLifetime
{
    private Sandbox.Sandbox sandbox = null!;

    public async Task InitializeAsync() =>
        sandbox = await Sandbox.Sandbox.StartAsync(new SandboxOptions { LinuxMinIdle = 0 }, CancellationToken.None);

    public async Task DisposeAsync() => await sandbox.DisposeAsync();

    [Fact]
    public async Task DroppedQueuedWebhook_IsRedeliveredByReconcile_AndTheJobRuns()
    {
        sandbox.GitHub.Faults.WebhookFault = new WebhookFault { DropRate = 1.0 };
        var job = sandbox.GitHub.QueueJob(new JobRequest("contoso/web", ["self-hosted", "linux", "x64"]) { Duration = TimeSpan.FromSeconds(1) });
        await Eventually.TrueAsync(() => sandbox.GitHub.GetDeliveries().Any(d => !d.Succeeded), TimeSpan.FromSeconds(10), "the queued delivery fails");
        sandbox.GitHub.Faults.WebhookFault = new WebhookFault();

        var done = await Eventually.ValueAsync(() => sandbox.GitHub.GetJob(job.Id)!, j => j.Status == "completed", TimeSpan.FromSeconds(60), "the job completes");
        await Eventually.TrueAsync(() => sandbox.Arm.VirtualMachines.Count == 0, TimeSpan.FromSeconds(60), "the completed event deleted the VM");

        // Two more reconcile runs, the second begun after the completed delivery was answered: each reads the
        // successful deliveries of this job again (the overlap), and must leave them alone.
        var runs = sandbox.ReconcileRuns;
        await Eventually.TrueAsync(() => sandbox.ReconcileRuns >= runs + 2, TimeSpan.FromSeconds(60), "two more reconcile runs finish");

        Assert.Equal("success", done.Conclusion);
        var deliveries = sandbox.GitHub.GetDeliveries();
        var failed = Assert.Single(deliveries, d => !d.Succeeded);
        var redelivery = Assert.Single(deliveries, d => d.Redelivery);
        Assert.Equal((failed.Guid, "queued", true), (redelivery.Guid, redelivery.Action, redelivery.Succeeded));
        Assert.All(deliveries.Where(d => d.Guid != failed.Guid), d => Assert.False(d.Redelivery, $"successful {d.Action} delivery {d.Guid} was redelivered"));
        Assert.Equal(1, sandbox.GitHub.Counters.WebhooksRedelivered);
    }
}
