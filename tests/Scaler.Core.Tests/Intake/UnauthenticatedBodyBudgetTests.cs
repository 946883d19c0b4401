using System.Buffers;
using Scaler.Core.Intake;

namespace Scaler.Core.Tests.Intake;

public class UnauthenticatedBodyBudgetTests
{
    [Fact]
    public void TryReserve_UpToCapacity_Succeeds_ThenRefusesWithoutReserving()
    {
        var budget = new UnauthenticatedBodyBudget(100);

        Assert.True(budget.TryReserve(60));
        Assert.True(budget.TryReserve(40));
        Assert.False(budget.TryReserve(1));
        Assert.Equal(100, budget.Held);
    }

    [Fact]
    public void Release_MakesRoomAgain()
    {
        var budget = new UnauthenticatedBodyBudget(100);
        budget.TryReserve(100);

        budget.Release(30);

        Assert.True(budget.TryReserve(30));
        Assert.False(budget.TryReserve(1));
    }

    [Fact]
    public void Release_MoreThanReserved_Throws()
    {
        var budget = new UnauthenticatedBodyBudget(100);
        budget.TryReserve(10);

        var error = Assert.Throws<InvalidOperationException>(() => budget.Release(11));

        Assert.Contains("Released 11 bytes more than were reserved", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TryReserve_ManyThreadsAtOnce_NeverPassesCapacity()
    {
        var budget = new UnauthenticatedBodyBudget(1000);

        var granted = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => Task.Run(() => Enumerable.Range(0, 100).Count(_ => budget.TryReserve(1)))));

        Assert.Equal(1000, granted.Sum());
        Assert.Equal(1000, budget.Held);
    }

    [Fact]
    public void PooledBody_Authenticated_LeavesTheBudgetButKeepsTheBytes()
    {
        var budget = new UnauthenticatedBodyBudget(PooledBody.FirstSegmentBytes);
        using var body = new PooledBody(budget);
        body.NextSpace().Span[..3].Fill(7);
        body.Advance(3);

        body.Authenticated();

        Assert.Equal(0, budget.Held);
        Assert.Equal(new byte[] { 7, 7, 7 }, body.Bytes.ToArray());
    }

    [Fact]
    public void PooledBody_SegmentsDoubleUpTo64KiB()
    {
        var budget = new UnauthenticatedBodyBudget(IntakeOptions.DefaultUnauthenticatedBodyBytes);
        using var body = new PooledBody(budget);
        var sizes = new List<int>();

        for (var i = 0; i < 7; i++)
        {
            var space = body.NextSpace();
            sizes.Add(space.Length);
            body.Advance(space.Length);
        }

        Assert.Equal([4096, 8192, 16384, 32768, 65536, 65536, 65536], sizes);
        Assert.Equal(sizes.Sum(), budget.Held);
    }
}
