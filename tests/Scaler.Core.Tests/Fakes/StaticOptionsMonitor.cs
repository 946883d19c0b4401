using Microsoft.Extensions.Options;

namespace Scaler.Core.Tests.Fakes;

/// <summary>Options that never change.</summary>
internal sealed class StaticOptionsMonitor<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
