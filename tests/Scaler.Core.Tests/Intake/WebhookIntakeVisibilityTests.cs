using System.Text.Json.Nodes;
using Scaler.Core.Intake;
using Scaler.Core.Pools;
using Scaler.Core.Tests.Fakes;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Intake;

/// <summary>A public repository's jobs go to no pool unless one allows public repositories; a delivery that does not say is public.</summary>
public class WebhookIntakeVisibilityTests
{
    [Theory]
    [InlineData("public", false)]
    [InlineData(null, null)]
    [InlineData("private", false)]
    public async Task AcceptAsync_PublicOrUnsaidVisibility_NotRoutedWithTheReason(string? visibility, bool? isPrivate)
    {
        using var harness = new IntakeHarness();

        var result = await harness.SendAsync(Payloads.Request("workflow_job", QueuedFrom(visibility, isPrivate)));

        Assert.Equal(202, result.StatusCode);
        Assert.Equal(IntakeOutcome.NotRouted, result.Response.Outcome);
        Assert.Contains("public", result.Response.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Queue.Messages);
        Assert.Contains(harness.Logs.GetSnapshot(), r => r.Id.Name == "WebhookNotRouted");
    }

    [Theory]
    [InlineData("private", RepositoryVisibility.Private)]
    [InlineData("internal", RepositoryVisibility.Internal)]
    public async Task AcceptAsync_PrivateOrInternal_QueuedWithItsVisibility(string visibility, RepositoryVisibility expected)
    {
        using var harness = new IntakeHarness();

        await harness.SendAsync(Payloads.Request("workflow_job", QueuedFrom(visibility, isPrivate: true)));

        Assert.Equal(expected, Assert.Single(harness.Queue.Messages).Visibility);
    }

    [Fact]
    public async Task AcceptAsync_PublicRepositoryAndAPoolThatAllowsThem_Queued()
    {
        using var harness = new IntakeHarness(v => v["Scaler:Pools:0:AllowPublicRepositories"] = "true");

        var result = await harness.SendAsync(Payloads.Request("workflow_job", QueuedFrom("public", isPrivate: false)));

        Assert.Equal(IntakeOutcome.Queued, result.Response.Outcome);
        Assert.Equal(RepositoryVisibility.Public, Assert.Single(harness.Queue.Messages).Visibility);
    }

    /// <summary>The App's queued delivery with the repository's <c>visibility</c> and <c>private</c> set, or removed when null.</summary>
    private static byte[] QueuedFrom(string? visibility, bool? isPrivate)
    {
        var payload = JsonNode.Parse(Payloads.Read("app.queued.json"))!;
        var repository = payload["repository"]!.AsObject();
        repository.Remove("visibility");
        repository.Remove("private");
        if (visibility is not null)
        {
            repository["visibility"] = visibility;
        }

        if (isPrivate is not null)
        {
            repository["private"] = isPrivate;
        }

        return System.Text.Encoding.UTF8.GetBytes(payload.ToJsonString());
    }
}
