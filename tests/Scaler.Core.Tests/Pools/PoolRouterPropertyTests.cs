using CsCheck;
using Microsoft.Extensions.Options;
using Scaler.Core.Pools;

namespace Scaler.Core.Tests.Pools;

/// <summary>
/// Whatever labels a workflow asks for, a job reaches a pool only when every one of its labels is one of the
/// pool's labels or <c>self-hosted</c> (compared ignoring case only: no trimming, no Unicode folding, no
/// separators), and only a pool whose scope covers the repository.
/// </summary>
public sealed class PoolRouterPropertyTests
{
    private static readonly string[] PoolLabels = ["linux", "x64", "gpu"];

    /// <summary>Near-misses of the pool's labels: case, spaces, separators, lookalikes, and other strings.</summary>
    private static readonly Gen<string> AnyLabel = Gen.OneOf(
        Gen.OneOf<string>("self-hosted", "SELF-HOSTED", "linux", "LINUX", "x64", "gpu", "linux ", " linux", "linux,x64", "linux\nx64",
            "lınux", "LİNUX", "x64\0", "ｌｉｎｕｘ", "linux\u200B", "self-hosted,gpu", "*", "linux*"),
        Gen.Char[' ', '\uD7FF'].Array[0, 12].Select(c => new string(c)));

    [Fact]
    public void Route_AnyLabels_RoutesOnlyWhenEveryLabelIsThePoolsIgnoringCase()
    {
        var pool = new PoolOptions { Name = "linux-x64", Labels = [.. PoolLabels], Scope = "org", Owner = "contoso" };
        var router = new PoolRouter(Options.Create(new ScalerOptions { Pools = [pool] }));

        Gen.Select(AnyLabel.List[0, 6], Gen.Bool).Sample((labels, sameOrg) =>
        {
            var origin = new JobOrigin(sameOrg ? "contoso/api" : "fabrikam/api", sameOrg ? "contoso" : "fabrikam", null, RepositoryVisibility.Private);

            var decision = router.Route(labels, origin);

            var selfHosted = labels.Any(l => string.Equals(l, PoolRouter.SelfHosted, StringComparison.OrdinalIgnoreCase));
            var allKnown = labels.All(l => string.Equals(l, PoolRouter.SelfHosted, StringComparison.OrdinalIgnoreCase)
                || PoolLabels.Any(p => string.Equals(p, l, StringComparison.OrdinalIgnoreCase)));
            Assert.Equal(selfHosted && allKnown && sameOrg, decision.Pool is not null);
        }, iter: 2000, threads: 1);
    }
}
