using System.Net;
using Scaler.Emulators.Common;

namespace Scaler.Emulators.Tests.Common;

/// <summary>
/// One suite run against every emulator through <see cref="IEmulator{TSelf, TOptions, TTarget}"/> only: started the
/// same way, faults injected with the same rules, the same counters read back.
/// </summary>
public abstract class EmulatorContractTests<TEmulator, TOptions, TTarget>
    where TEmulator : IEmulator<TEmulator, TOptions, TTarget>
    where TOptions : EmulatorOptions
    where TTarget : notnull
{
    /// <summary>The target that <see cref="SendAsync"/> calls.</summary>
    protected abstract TTarget Target { get; }

    protected abstract TOptions CreateOptions();

    /// <summary>Seeds what <see cref="SendAsync"/> needs to succeed.</summary>
    protected virtual void Seed(TEmulator emulator)
    {
    }

    /// <summary>A client that reaches the emulator (and trusts its certificate, if it has one).</summary>
    protected abstract HttpClient CreateClient(TEmulator emulator);

    /// <summary>One authenticated request for <see cref="Target"/>.</summary>
    protected abstract HttpRequestMessage CreateRequest();

    [Fact]
    public async Task StartAsync_ReturnsAnEmulatorServingOnLoopback()
    {
        await using var emulator = await StartAsync();

        using var response = await SendAsync(emulator);

        Assert.True(response.IsSuccessStatusCode, $"answered {(int)response.StatusCode}");
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(emulator.BaseUri.Host)));
        Assert.NotEqual(0, emulator.BaseUri.Port);
        Assert.Equal(1, emulator.Counters.Calls(Target));
        Assert.Equal(1, emulator.Counters.AllCalls[Target]);
    }

    [Fact]
    public async Task Inject_ErrorWithCount_AnswersThatManyRequestsWithItsStatusThenServes()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Inject(Target, FaultRule.Error(503) with { Count = 2 });

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await SendAsync(emulator);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK], statuses);
        Assert.Equal(3, emulator.Counters.Calls(Target));
        Assert.Equal(2, emulator.Counters.InjectedErrors(Target));
        Assert.Equal(0, emulator.Counters.Throttled(Target));
    }

    [Fact]
    public async Task Inject_Throttle_Answers429WithRetryAfter()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Inject(Target, FaultRule.Throttle(TimeSpan.FromSeconds(30)) with { Count = 1 });

        using var throttled = await SendAsync(emulator);
        using var next = await SendAsync(emulator);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(30), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(1, emulator.Counters.Throttled(Target));
        Assert.Equal(0, emulator.Counters.InjectedErrors(Target));
    }

    [Fact]
    public async Task Inject_RateZero_HitsNoRequest()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Inject(Target, FaultRule.Error() with { Rate = 0 });

        using var response = await SendAsync(emulator);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, emulator.Counters.InjectedErrors(Target));
    }

    [Fact]
    public async Task ClearAll_RemovesEveryInjectedFault()
    {
        await using var emulator = await StartAsync();
        emulator.Faults.Inject(Target, FaultRule.Error());
        using var failed = await SendAsync(emulator);

        emulator.Faults.ClearAll();
        using var served = await SendAsync(emulator);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task Inject_RuleOutOfRange_IsRefused()
    {
        await using var emulator = await StartAsync();

        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.Faults.Inject(Target, FaultRule.Error() with { Rate = 1.5 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => emulator.Faults.Inject(Target, FaultRule.Error(200)));
    }

    [Fact]
    public async Task DisposeAsync_StopsServing()
    {
        var emulator = await StartAsync();
        using var http = CreateClient(emulator);

        await emulator.DisposeAsync();

        await Assert.ThrowsAsync<HttpRequestException>(async () =>
        {
            using var request = CreateRequest();
            using var response = await http.SendAsync(request);
        });
    }

    private async Task<HttpResponseMessage> SendAsync(TEmulator emulator)
    {
        using var http = CreateClient(emulator);
        using var request = CreateRequest();
        return await http.SendAsync(request);
    }

    private async Task<TEmulator> StartAsync()
    {
        var emulator = await TEmulator.StartAsync(CreateOptions(), CancellationToken.None);
        Seed(emulator);
        return emulator;
    }
}
