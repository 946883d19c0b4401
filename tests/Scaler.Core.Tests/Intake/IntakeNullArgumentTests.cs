using Microsoft.Extensions.Time.Testing;
using Scaler.Core.Intake;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Intake;

/// <summary>
/// The intake's entry points refuse a null argument at once and name it, before any other check can answer for it
/// (a declared length over the cap would otherwise return TooLarge without looking at the rest).
/// </summary>
public class IntakeNullArgumentTests
{
    private static readonly BodyLimits Limits = new(CappedBody.MaxBytes, TimeSpan.FromSeconds(10));

    [Theory]
    [InlineData("body")]
    [InlineData("limits")]
    [InlineData("budget")]
    [InlineData("time")]
    public async Task ReadAsync_NullArgumentAndDeclaredLengthOverTheCap_ThrowsNamingIt(string argument)
    {
        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => CappedBody.ReadAsync(
            argument == "body" ? null! : Stream.Null,
            CappedBody.MaxBytes + 1L,
            argument == "limits" ? null! : Limits,
            argument == "budget" ? null! : new UnauthenticatedBodyBudget(PooledBody.FirstSegmentBytes),
            argument == "time" ? null! : new FakeTimeProvider(),
            CancellationToken.None));

        Assert.Equal(argument, error.ParamName);
    }

    [Fact]
    public void PooledBody_NullBudget_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new PooledBody(null!));

        Assert.Equal("budget", error.ParamName);
    }

    [Fact]
    public async Task AcceptAsync_NullRequest_ThrowsNamingIt()
    {
        using var harness = new IntakeHarness();

        var error = await Assert.ThrowsAsync<ArgumentNullException>(() => harness.Intake.AcceptAsync(null!, CancellationToken.None));

        Assert.Equal("request", error.ParamName);
    }

    [Fact]
    public void Check_NullDelivery_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentNullException>(() => WorkflowJobRules.Check(null!));

        Assert.Equal("delivery", error.ParamName);
    }

    [Fact]
    public void From_NullHeaderLookup_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentNullException>(() => WebhookRequest.From(null!, 0, Stream.Null));

        Assert.Equal("header", error.ParamName);
    }
}
