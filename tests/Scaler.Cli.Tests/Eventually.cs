namespace Scaler.Cli.Tests;

/// <summary>Waits for a condition of a system running in real time, checking it often, failing after a deadline.</summary>
internal static class Eventually
{
    public static async Task<T> ValueAsync<T>(Func<T> read, Func<T, bool> done, TimeSpan within, string what)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (true)
        {
            var value = read();
            if (done(value))
            {
                return value;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {within}: {what} (last: {value})");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan within, string what) =>
        ValueAsync(condition, done => done, within, what);

    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan within, string what)
    {
        var deadline = DateTimeOffset.UtcNow + within;
        while (!await condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {within}: {what}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
