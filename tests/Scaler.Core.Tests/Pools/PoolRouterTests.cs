using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Scaler.Core.Pools;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Pools;

public class PoolRouterTests
{
    private static readonly JobOrigin ContosoApi = new("contoso/api", "contoso", null, RepositoryVisibility.Private);

    [Theory]
    [InlineData(new[] { "self-hosted", "linux", "x64" }, "linux-x64")]
    [InlineData(new[] { "SELF-HOSTED", "Linux", "X64" }, "linux-x64")]
    [InlineData(new[] { "self-hosted", "linux" }, "linux-x64")]
    [InlineData(new[] { "self-hosted" }, "linux-x64")]
    public void Route_LabelsContainedInFirstPool_RoutesThere(string[] labels, string pool)
    {
        var decision = Router().Route(labels, ContosoApi);

        Assert.Equal(pool, decision.Pool?.Name);
    }

    [Fact]
    public void Route_LabelOnlyInLaterPool_RoutesToLaterPool()
    {
        var decision = Router().Route(["self-hosted", "gpu"], new JobOrigin("contoso/ml", "contoso", null, RepositoryVisibility.Private));

        Assert.Equal("gpu", decision.Pool?.Name);
    }

    [Fact]
    public void Route_NoSelfHosted_IsGitHubHosted()
    {
        var decision = Router().Route(["ubuntu-latest"], ContosoApi);

        Assert.Equal(NotRoutedReason.GitHubHosted, decision.Reason);
    }

    [Fact]
    public void Route_LabelNoPoolHas_NoPoolMatches()
    {
        var decision = Router().Route(["self-hosted", "linux", "arm64"], ContosoApi);

        Assert.Equal(NotRoutedReason.NoPoolMatches, decision.Reason);
    }

    [Fact]
    public void Route_RepositoryNotInAllowList_RepositoryNotAllowed()
    {
        var decision = Router().Route(["self-hosted", "gpu"], ContosoApi);

        Assert.Equal(NotRoutedReason.RepositoryNotAllowed, decision.Reason);
    }

    [Fact]
    public void Route_OrgPoolForOtherOrganization_OutOfScope()
    {
        var decision = Router().Route(["self-hosted", "linux"], new JobOrigin("fabrikam/api", "fabrikam", null, RepositoryVisibility.Private));

        Assert.Equal(NotRoutedReason.OutOfScope, decision.Reason);
    }

    [Fact]
    public void Route_RepoPool_ServesOnlyItsRepository()
    {
        var values = TestSettings.Values();
        values["Scaler:Pools:0:Owner"] = "someone-else";

        var own = Router(values).Route(["self-hosted", "linux"], new JobOrigin("octocat/hello-world", null, null, RepositoryVisibility.Private));
        var other = Router(values).Route(["self-hosted", "linux"], new JobOrigin("octocat/other", null, null, RepositoryVisibility.Private));

        Assert.Equal("octocat", own.Pool?.Name);
        Assert.Equal(NotRoutedReason.OutOfScope, other.Reason);
    }

    [Theory]
    [InlineData("contoso/*", "contoso/anything", true)]
    [InlineData("contoso/*", "contosox/anything", false)]
    [InlineData("contoso/ml", "CONTOSO/ML", true)]
    [InlineData("contoso/ml", "contoso/ml2", false)]
    public void Route_AllowedRepositoryPatterns_MatchExactNamesAndOwnerWildcards(string pattern, string repository, bool routed)
    {
        var values = TestSettings.Values();
        values["Scaler:Pools:2:AllowedRepositories:0"] = pattern;
        var owner = repository.Split('/')[0];

        var decision = Router(values).Route(["self-hosted", "gpu"], new JobOrigin(repository, owner, null, RepositoryVisibility.Private));

        Assert.Equal(routed, decision.Pool?.Name == "gpu");
    }

    [Fact]
    public void Route_EnterprisePool_ServesOnlyItsEnterprise()
    {
        var values = TestSettings.Values();
        values["Scaler:Pools:0:Scope"] = "enterprise";
        values["Scaler:Pools:0:Owner"] = "contoso-corp";

        var inside = Router(values).Route(["self-hosted", "x64"], new JobOrigin("contoso/api", "contoso", "contoso-corp", RepositoryVisibility.Private));
        var outside = Router(values).Route(["self-hosted", "x64"], new JobOrigin("fabrikam/api", "fabrikam", "fabrikam-corp", RepositoryVisibility.Private));

        Assert.Equal("linux-x64", inside.Pool?.Name);
        Assert.Equal(NotRoutedReason.OutOfScope, outside.Reason);
    }

    [Fact]
    public void Route_EnterprisePoolAndDeliveryNamingNoEnterprise_NotRouted()
    {
        // A personal repository's delivery names no enterprise: it must not reach an enterprise's pool.
        var values = TestSettings.Values();
        values["Scaler:Pools:0:Scope"] = "enterprise";
        values["Scaler:Pools:0:Owner"] = "contoso-corp";

        var decision = Router(values).Route(["self-hosted", "x64"], new JobOrigin("mallory/api", null, null, RepositoryVisibility.Private));

        Assert.Null(decision.Pool);
        Assert.Equal(NotRoutedReason.OutOfScope, decision.Reason);
    }

    [Theory]
    [InlineData(RepositoryVisibility.Public, false)]
    [InlineData(RepositoryVisibility.Private, true)]
    [InlineData(RepositoryVisibility.Internal, true)]
    public void Route_ByVisibility_PublicRepositoriesOnlyToPoolsThatAllowThem(RepositoryVisibility visibility, bool routed)
    {
        var decision = Router().Route(["self-hosted", "linux"], ContosoApi with { Visibility = visibility });

        Assert.Equal(routed ? "linux-x64" : null, decision.Pool?.Name);
        Assert.Equal(routed ? null : NotRoutedReason.PublicRepository, decision.Reason);
    }

    [Fact]
    public void Route_PublicRepository_GoesToALaterPoolThatAllowsPublicRepositories()
    {
        var values = TestSettings.Values();
        values["Scaler:Pools:2:AllowPublicRepositories"] = "true";

        var decision = Router(values).Route(["self-hosted", "linux"], ContosoApi with { Repository = "contoso/ml", Visibility = RepositoryVisibility.Public });

        Assert.Equal("gpu", decision.Pool?.Name);
    }

    [Fact]
    public void Route_PublicRepositoryRefusedByOnePoolAndByOtherRulesElsewhere_SaysItIsPublic()
    {
        // linux-x64 refuses it as public, octocat is out of scope, gpu does not allow contoso/api.
        var decision = Router().Route(["self-hosted", "linux"], ContosoApi with { Visibility = RepositoryVisibility.Public });

        Assert.Equal(NotRoutedReason.PublicRepository, decision.Reason);
        Assert.Contains("public", decision.Describe(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("public", false, RepositoryVisibility.Public)]
    [InlineData("private", true, RepositoryVisibility.Private)]
    [InlineData("internal", true, RepositoryVisibility.Internal)]
    [InlineData("private", null, RepositoryVisibility.Private)]
    [InlineData(null, true, RepositoryVisibility.Private)]
    [InlineData(null, false, RepositoryVisibility.Public)]
    [InlineData(null, null, RepositoryVisibility.Public)]
    [InlineData("private", false, RepositoryVisibility.Public)]
    [InlineData("public", true, RepositoryVisibility.Public)]
    [InlineData("secret", true, RepositoryVisibility.Public)]
    public void From_PayloadFields_PublicUnlessTheySayOtherwise(string? visibility, bool? isPrivate, RepositoryVisibility expected)
    {
        Assert.Equal(expected, RepositoryVisibilities.From(visibility, isPrivate));
    }

    private static PoolRouter Router(Dictionary<string, string?>? values = null)
    {
        var options = new ScalerOptions();
        TestSettings.Configuration(values ?? TestSettings.Values()).GetSection(ScalerOptions.Section).Bind(options);
        return new PoolRouter(Options.Create(options));
    }
}
