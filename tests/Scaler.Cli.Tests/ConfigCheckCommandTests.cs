namespace Scaler.Cli.Tests;

public sealed class ConfigCheckCommandTests : IDisposable
{
    private readonly SettingsFiles files = new();

    public void Dispose() => files.Dispose();

    [Fact]
    public async Task Check_ValidSettings_ExitsZeroWithOpenPoolWarning()
    {
        var path = files.Write("valid.json", SettingsFiles.Valid());

        var run = await CommandLine.RunAsync("config", "check", "--settings", path);

        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain("error:", run.Output, StringComparison.Ordinal);
        Assert.Contains("warning: Scaler__Pools__0__AllowedRepositories is empty", run.Output, StringComparison.Ordinal);
        Assert.Contains("public", run.Output, StringComparison.Ordinal);
        Assert.Contains("0 errors, 1 warning", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PoolLimitedToRepositories_ExitsZeroWithoutWarnings()
    {
        var path = files.Write("limited.json", v => v["Scaler__Pools__0__AllowedRepositories__0"] = "contoso/api");

        var run = await CommandLine.RunAsync("config", "check", "--settings", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("0 errors, 0 warnings", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PoolAllowsPublicRepositories_WarnsAndExitsZero()
    {
        var path = files.Write("public.json", v =>
        {
            v["Scaler__Pools__0__AllowedRepositories__0"] = "contoso/api";
            v["Scaler__Pools__0__AllowPublicRepositories"] = "true";
        });

        var run = await CommandLine.RunAsync("config", "check", "--settings", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: Scaler__Pools__0__AllowPublicRepositories is true", run.Output, StringComparison.Ordinal);
        Assert.Contains("0 errors, 1 warning", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MaxRunnersAbsent_WarnsAndExitsZero()
    {
        var path = files.Write("no-max.json", v => v.Remove("Scaler__Pools__0__MaxRunners"));

        var run = await CommandLine.RunAsync("config", "check", "--settings", path);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("warning: Scaler__Pools__0__MaxRunners is not set", run.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing-secret", "GitHub__WebhookSecret", "", "GitHub__WebhookSecret")]
    [InlineData("min-idle", "Scaler__Pools__0__MinIdle", "11", "Scaler__Pools__0__MinIdle 11 is greater than Scaler__Pools__0__MaxRunners 10")]
    [InlineData("unknown-scope", "Scaler__Pools__0__Scope", "team", "Scaler__Pools__0__Scope 'team' is unknown")]
    [InlineData("bad-scale-set", "Scaler__Pools__0__ScaleSetId", "linux-x64", "Scaler__Pools__0__ScaleSetId 'linux-x64' is not the resource id of a scale set")]
    [InlineData("enterprise-app", "Scaler__Pools__0__Scope", "enterprise", "Scaler__Pools__0__Scope is enterprise, which GitHub Apps cannot manage")]
    [InlineData("not-a-number", "Scaler__Pools__0__MaxRunners", "ten", "Scaler__Pools__0__MaxRunners")]
    [InlineData("http-arm", "Azure__ManagementEndpoint", "http://management.azure.com", "Azure__ManagementEndpoint")]
    [InlineData("no-storage", "AzureWebJobsStorage", "", "AzureWebJobsStorage is not set")]
    [InlineData("long-soak", "Scaler__RunnerUpdates__Soak", "25.00:00:00", "Scaler__RunnerUpdates__Soak 25.00:00:00 plus Scaler__RunnerUpdates__Margin 7.00:00:00 is 30 days or more")]
    [InlineData("long-cache", "Scaler__RunnerUpdates__CacheFor", "02:00:00", "Scaler__RunnerUpdates__CacheFor 02:00:00 is not between zero and one hour")]
    [InlineData("long-body", "Scaler__Intake__BodyTimeout", "00:10:00", "Scaler__Intake__BodyTimeout 00:10:00 is not between zero and 00:05:00")]
    [InlineData("tiny-budget", "Scaler__Intake__UnauthenticatedBodyBytes", "1000", "Scaler__Intake__UnauthenticatedBodyBytes 1000 is below 1048576")]
    [InlineData("negative-rate", "Scaler__Intake__MinBodyDataRate", "-1", "Scaler__Intake__MinBodyDataRate -1 is not between 0 and 1048576")]
    public async Task Check_BrokenSetting_ExitsOneNamingTheSetting(string file, string setting, string value, string expected)
    {
        var path = files.Write(file + ".json", v => v[setting] = value);

        var run = await CommandLine.RunAsync("config", "check", "--settings", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("error: ", run.Output, StringComparison.Ordinal);
        Assert.Contains(expected, run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_MissingFile_ExitsOneSayingSo()
    {
        var run = await CommandLine.RunAsync("config", "check", "--settings", files.PathOf("absent.json"));

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("does not exist", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_FileWithoutValues_ExitsOne()
    {
        var path = files.PathOf("empty.json");
        await File.WriteAllTextAsync(path, "{}");

        var run = await CommandLine.RunAsync("config", "check", "--settings", path);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("no \"Values\" object", run.Error, StringComparison.Ordinal);
    }
}
