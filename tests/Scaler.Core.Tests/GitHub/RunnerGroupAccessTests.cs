using Scaler.Core.GitHub;
using Scaler.Core.Pools;

namespace Scaler.Core.Tests.GitHub;

public class RunnerGroupAccessTests
{
    [Theory]
    [InlineData(RunnerScope.Org, RunnerGroupVisibility.All, false, "contoso/api", RepositoryVisibility.Private, true)]
    [InlineData(RunnerScope.Org, RunnerGroupVisibility.All, false, "contoso/api", RepositoryVisibility.Public, false)]
    [InlineData(RunnerScope.Org, RunnerGroupVisibility.All, false, "contoso/api", null, true)]
    [InlineData(RunnerScope.Org, RunnerGroupVisibility.All, true, "contoso/api", RepositoryVisibility.Public, true)]
    [InlineData(RunnerScope.Org, RunnerGroupVisibility.Private, true, "contoso/api", RepositoryVisibility.Public, false)]
    [InlineData(RunnerScope.Org, RunnerGroupVisibility.Private, false, "contoso/api", RepositoryVisibility.Internal, true)]
    [InlineData(RunnerScope.Org, RunnerGroupVisibility.Selected, false, "CONTOSO/API", RepositoryVisibility.Private, true)]
    [InlineData(RunnerScope.Org, RunnerGroupVisibility.Selected, false, "contoso/web", RepositoryVisibility.Private, false)]
    [InlineData(RunnerScope.Enterprise, RunnerGroupVisibility.Selected, false, "contoso/anything", RepositoryVisibility.Private, true)]
    [InlineData(RunnerScope.Enterprise, RunnerGroupVisibility.Selected, false, "fabrikam/api", RepositoryVisibility.Private, false)]
    public void Refuses_ByGroupSettings_RefusesExactlyWhatGitHubWouldNotServe(RunnerScope scope, RunnerGroupVisibility group, bool allowsPublic, string repository, RepositoryVisibility? visibility, bool served)
    {
        var access = new RunnerGroupAccess(3, "builders", group, allowsPublic, scope == RunnerScope.Enterprise ? ["contoso"] : ["contoso/api"]);

        var reason = access.Refuses(scope, repository, visibility);

        Assert.Equal(served, reason is null);
    }
}
