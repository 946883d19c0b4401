namespace Scaler.Cli.Tests;

/// <summary><c>scaler serve</c> with settings it cannot start with.</summary>
public sealed class ServeCommandTests : IDisposable
{
    /// <summary>A failure bound only: a serve that wrongly starts is stopped after it, and the exit code shows it.</summary>
    private static readonly TimeSpan StartedByMistake = TimeSpan.FromSeconds(60);

    private readonly SettingsFiles files = new();

    public void Dispose() => files.Dispose();

    [Theory]
    [InlineData("GitHub__WebhookSecret", null, "GitHub__WebhookSecret is not set")]
    [InlineData("Scaler__Pools__0__MaxRunners", "ten", "Scaler__Pools__0__MaxRunners")]
    [InlineData("Scaler__Pools__0__Scope", "team", "Scaler__Pools__0__Scope 'team' is unknown")]
    public async Task Serve_InvalidSetting_ExitsOneWithConfigChecksLineAndNoStackTrace(string setting, string? value, string expected)
    {
        var path = files.Write("local.settings.json", v =>
        {
            if (value is null)
            {
                v.Remove(setting);
            }
            else
            {
                v[setting] = value;
            }
        });
        using var stop = new CancellationTokenSource(StartedByMistake);

        var serve = await CommandLine.RunAsync(["serve", "--settings", path, "--urls", "http://127.0.0.1:0"], stop.Token);
        var check = await CommandLine.RunAsync("config", "check", "--settings", path);

        Assert.Equal(1, serve.ExitCode);
        var line = Assert.Single(Lines(serve.Error), l => l.Contains(expected, StringComparison.Ordinal));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.Contains(line, Lines(check.Output));
        Assert.DoesNotContain("   at ", serve.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", serve.Error, StringComparison.Ordinal);
        Assert.Contains("not started", serve.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_MissingSettingsFile_ExitsOneSayingSo()
    {
        var run = await CommandLine.RunAsync("serve", "--settings", files.PathOf("absent.json"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
