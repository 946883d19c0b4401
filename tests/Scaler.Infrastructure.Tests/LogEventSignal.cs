using Microsoft.Extensions.Logging;

namespace Scaler.Infrastructure.Tests;

/// <summary>
/// A logger provider that completes <see cref="Logged"/> the first time any logger writes the named event: a test
/// awaits what the app reports instead of reading its state in a loop.
/// </summary>
internal sealed class LogEventSignal(string eventName) : ILoggerProvider
{
    private readonly TaskCompletionSource logged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Logged => logged.Task;

    public ILogger CreateLogger(string categoryName) => new Listener(eventName, logged);

    public void Dispose()
    {
    }

    private sealed class Listener(string eventName, TaskCompletionSource logged) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == eventName)
            {
                logged.TrySetResult();
            }
        }
    }
}
