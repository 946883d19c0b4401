using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scaler.Core.RunnerUpdates;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.RunnerUpdates;

public sealed class RunnerUpdateSettingsTests
{
    [Fact]
    public void AddScalerProcessing_MirrorUnset_IsOff()
    {
        using var provider = Provider(TestSettings.Values(Azurite.ConnectionString));

        Assert.False(provider.GetRequiredService<IOptions<RunnerUpdateOptions>>().Value.Mirror);
    }

    [Fact]
    public void AddScalerProcessing_MirrorTrue_BindsAndServesReleasesThroughTheBlobMirror()
    {
        var values = TestSettings.Values(Azurite.ConnectionString);
        values["Scaler:RunnerUpdates:Mirror"] = "true";
        using var provider = Provider(values);

        Assert.True(provider.GetRequiredService<IOptions<RunnerUpdateOptions>>().Value.Mirror);
        Assert.IsType<RunnerPackageMirror>(provider.GetRequiredService<IRunnerPackageMirror>());
        Assert.IsType<GitHubRunnerReleases>(provider.GetRequiredService<IRunnerReleases>());
    }

    [Fact]
    public void AddScalerProcessing_MirrorOff_NeedsNoBlobServiceInAnIdentityBasedSetup()
    {
        var values = TestSettings.Values(Azurite.ConnectionString);
        values["AzureWebJobsStorage"] = null;
        values["AzureWebJobsStorage:queueServiceUri"] = "https://scaler.queue.core.windows.net";
        values["AzureWebJobsStorage:tableServiceUri"] = "https://scaler.table.core.windows.net";
        using var provider = Provider(values);

        Assert.IsNotType<RunnerPackageMirror>(provider.GetRequiredService<IRunnerPackageMirror>());
        Assert.IsType<GitHubRunnerReleases>(provider.GetRequiredService<IRunnerReleases>());
    }

    private static ServiceProvider Provider(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddScalerProcessing(TestSettings.Configuration(values));
        return services.BuildServiceProvider();
    }
}
