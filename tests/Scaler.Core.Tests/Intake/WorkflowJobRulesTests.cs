using Scaler.Core.Intake;
using Scaler.Core.Jobs;

namespace Scaler.Core.Tests.Intake;

/// <summary>
/// <see cref="WorkflowJobRules"/> at its limits: the longest value GitHub can send is accepted and one character
/// more is refused, so a bound that moves by one either way fails a test.
/// </summary>
public class WorkflowJobRulesTests
{
    [Fact]
    public void Check_ValuesAtEveryLimit_Accepted()
    {
        var delivery = Delivery(
            fullName: new string('o', WorkflowJobRules.MaxLoginLength) + "/" + new string('r', WorkflowJobRules.MaxRepositoryNameLength),
            organization: new string('o', WorkflowJobRules.MaxLoginLength),
            enterprise: new string('e', WorkflowJobRules.MaxEnterpriseSlugLength),
            installationId: 1,
            runnerId: 0,
            runnerName: new string('n', WorkflowJobRules.MaxRunnerNameLength),
            conclusion: new string('c', 32),
            labels: [.. Enumerable.Range(0, WorkflowJobRules.MaxLabels - 1).Select(i => $"l{i}"), new string('l', WorkflowJobRules.MaxLabelLength)]);

        Assert.Null(WorkflowJobRules.Check(delivery));
    }

    [Fact]
    public void Check_OrdinaryDelivery_Accepted()
    {
        Assert.Null(WorkflowJobRules.Check(Delivery()));
    }

    public static TheoryData<string, WorkflowJobEvent> OneOverALimit() => new()
    {
        { "repository.full_name's owner", Delivery(fullName: new string('o', WorkflowJobRules.MaxLoginLength + 1) + "/api") },
        { "repository.full_name's name", Delivery(fullName: "contoso/" + new string('r', WorkflowJobRules.MaxRepositoryNameLength + 1)) },
        { "organization.login", Delivery(organization: new string('o', WorkflowJobRules.MaxLoginLength + 1)) },
        { "enterprise.slug", Delivery(enterprise: new string('e', WorkflowJobRules.MaxEnterpriseSlugLength + 1)) },
        { "installation.id", Delivery(installationId: 0) },
        { "workflow_job.runner_id", Delivery(runnerId: -1) },
        { "workflow_job.runner_name", Delivery(runnerName: new string('n', WorkflowJobRules.MaxRunnerNameLength + 1)) },
        { "workflow_job.conclusion", Delivery(conclusion: new string('c', 33)) },
        { "more than 100 labels", Delivery(labels: [.. Enumerable.Range(0, WorkflowJobRules.MaxLabels + 1).Select(i => $"l{i}")]) },
        { "longer than", Delivery(labels: [new string('l', WorkflowJobRules.MaxLabelLength + 1)]) },
    };

    [Theory]
    [MemberData(nameof(OneOverALimit))]
    public void Check_OneOverALimit_NamesTheField(string field, WorkflowJobEvent delivery)
    {
        Assert.Contains(field, WorkflowJobRules.Check(delivery));
    }

    public static TheoryData<string, WorkflowJobEvent> Unsafe() => new()
    {
        { "repository.full_name must be owner/name", Delivery(fullName: "contoso") },
        { "repository.full_name's name", Delivery(fullName: "contoso/.") },
        { "repository.full_name's name", Delivery(fullName: "contoso/a b") },
        { "repository.full_name's owner", Delivery(fullName: "_contoso/api") },
        { "organization.login", Delivery(organization: "contoso.io") },
        { "enterprise.slug", Delivery(enterprise: "-acme") },
        { "workflow_job.runner_name", Delivery(runnerName: "runner\u0007") },
        { "workflow_job.conclusion", Delivery(conclusion: "Success") },
        { "workflow_job.conclusion", Delivery(conclusion: string.Empty) },
        { "empty label", Delivery(labels: ["self-hosted", " "]) },
        { "empty label", Delivery(labels: [string.Empty]) },
        { "control characters", Delivery(labels: ["linux\u0001"]) },
    };

    [Theory]
    [MemberData(nameof(Unsafe))]
    public void Check_ValueGitHubNeverSends_NamesTheField(string reason, WorkflowJobEvent delivery)
    {
        Assert.Contains(reason, WorkflowJobRules.Check(delivery));
    }

    [Fact]
    public void Check_SeveralBadFields_NamesTheFirstInOrder()
    {
        var delivery = Delivery(organization: "bad login", enterprise: "bad slug", runnerName: "bad\nname", labels: [string.Empty]);

        Assert.Contains("organization.login", WorkflowJobRules.Check(delivery));
        Assert.Contains("enterprise.slug", WorkflowJobRules.Check(delivery with { Organization = null }));
        Assert.Contains("runner_name", WorkflowJobRules.Check(delivery with { Organization = null, Enterprise = null }));
    }

    /// <summary>Every field from <paramref name="first"/> on is bad: the answer names the first of them in GitHub's order.</summary>
    [Theory]
    [InlineData(0, "repository.full_name's owner")]
    [InlineData(1, "repository.full_name's name")]
    [InlineData(2, "organization.login")]
    [InlineData(3, "enterprise.slug")]
    [InlineData(4, "installation.id")]
    [InlineData(5, "workflow_job.runner_id")]
    [InlineData(6, "workflow_job.runner_name")]
    [InlineData(7, "workflow_job.conclusion")]
    [InlineData(8, "workflow_job.labels")]
    public void Check_EveryFieldBadFromOneOn_NamesThatOne(int first, string field)
    {
        var delivery = Delivery(
            fullName: (first <= 0 ? "bad owner" : "contoso") + "/" + (first <= 1 ? "bad name" : "api"),
            organization: first <= 2 ? "bad login" : "contoso",
            enterprise: first <= 3 ? "bad slug" : "acme",
            installationId: first <= 4 ? 0 : 42,
            runnerId: first <= 5 ? -1 : null,
            runnerName: first <= 6 ? "bad\nname" : null,
            conclusion: first <= 7 ? "Not A Conclusion" : null,
            labels: [string.Empty]);

        Assert.StartsWith(field + " ", WorkflowJobRules.Check(delivery), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_OptionalFieldsAbsent_Accepted()
    {
        var delivery = Delivery() with { Organization = null, Enterprise = null, Installation = null };

        Assert.Null(WorkflowJobRules.Check(delivery));
    }

    private static WorkflowJobEvent Delivery(
        string fullName = "contoso/api",
        string? organization = "contoso",
        string? enterprise = "acme",
        long installationId = 42,
        long? runnerId = null,
        string? runnerName = null,
        string? conclusion = null,
        IReadOnlyList<string>? labels = null) =>
        new(
            "queued",
            new WorkflowJob(7, 8, 1, "build", "queued", conclusion, labels ?? ["self-hosted", "linux"], runnerId, runnerName, null, null, null, null),
            new RepositoryRef(1, fullName),
            organization is null ? null : new AccountRef(2, organization),
            enterprise is null ? null : new EnterpriseRef(3, enterprise),
            new InstallationRef(installationId));
}
