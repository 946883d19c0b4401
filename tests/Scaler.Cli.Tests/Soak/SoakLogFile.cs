using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Scaler.Cli.Tests.Soak;

/// <summary>
/// The serve host's warnings and errors of a soak, one a line, appended to a file (<c>./build.sh soak</c> writes
/// <c>.artifacts/soak-log.txt</c>), so that a run that loses jobs can be read afterwards.
/// </summary>
internal sealed class SoakLogFile(string path) : ILoggerProvider, ILogger
{
    private readonly Lock gate = new();

    public ILogger CreateLogger(string categoryName) => this;

    public void Dispose()
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture, $"{DateTimeOffset.UtcNow:HH:mm:ss.fff} {logLevel} {eventId.Id} {eventId.Name} {formatter(state, exception)}");
        var error = exception is null ? "" : $" | {exception.GetType().Name}: {exception.Message}{Environment.NewLine}{exception.StackTrace}";
        lock (gate)
        {
            File.AppendAllText(path, line + error + Environment.NewLine);
        }
    }
}
