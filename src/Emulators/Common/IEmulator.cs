namespace Scaler.Emulators.Common;

/// <summary>
/// What every emulator offers its callers in the same shape: it is started by <c>StartAsync(options, ct)</c>,
/// which returns it listening at <see cref="BaseUri"/>; faults are injected per request target through
/// <see cref="Faults"/>; what it served is read from <see cref="Counters"/>; <c>DisposeAsync</c> stops it.
/// </summary>
/// <typeparam name="TSelf">The emulator.</typeparam>
/// <typeparam name="TOptions">Its settings.</typeparam>
/// <typeparam name="TTarget">What its faults and counters are kept per: an endpoint, an operation.</typeparam>
public interface IEmulator<TSelf, TOptions, TTarget> : IAsyncDisposable
    where TSelf : IEmulator<TSelf, TOptions, TTarget>
    where TOptions : EmulatorOptions
    where TTarget : notnull
{
    /// <summary>Starts an emulator on a free loopback port; it serves once this completes.</summary>
    static abstract Task<TSelf> StartAsync(TOptions options, CancellationToken cancellationToken);

    /// <summary>The server root, such as <c>http://127.0.0.1:PORT/</c>.</summary>
    Uri BaseUri { get; }

    RequestFaults<TTarget> Faults { get; }

    RequestCounters<TTarget> Counters { get; }
}
