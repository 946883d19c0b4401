using Scaler.Core.Pools;
using Scaler.Core.Runners;

namespace Scaler.Core.Tests.Runners;

public class VmNamesTests
{
    private static readonly PoolOptions[] Pools = [new() { Name = "linux" }, new() { Name = "linux-5" }];

    [Theory]
    [InlineData(0, "linux-42")]
    [InlineData(1, "linux-42-r1")]
    [InlineData(12, "linux-42-r12")]
    public void ForJob_AfterRequeues_NamesEachAttemptsVmApart(int requeues, string expected)
    {
        Assert.Equal(expected, VmNames.ForJob("linux", 42, requeues));
    }

    [Theory]
    [InlineData("linux-42", "linux")]
    [InlineData("linux-42-r1", "linux")]
    [InlineData("linux-5-r3", "linux")]
    [InlineData("linux-5-7", "linux-5")]
    [InlineData("linux-w0123456789ab", "linux")]
    [InlineData("linux-42-r", null)]
    [InlineData("linux-42-rx", null)]
    [InlineData("linux-r1", null)]
    public void PoolOf_JobWarmAndRequeuedNames_FindTheirPool(string name, string? pool)
    {
        Assert.Equal(pool, VmNames.PoolOf(name, Pools)?.Name);
    }
}
