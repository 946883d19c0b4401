using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scaler.Tests.Shared;

namespace Scaler.Functions.Tests;

public class StartupTests
{
    [Fact]
    public void Start_WithoutWebhookSecret_RefusesToStart()
    {
        var values = TestSettings.Values(Azurite.ConnectionString);
        values.Remove("GitHub:WebhookSecret");
        using var provider = FunctionsHost.Build(values);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.StartsWith("GitHub__WebhookSecret is not set", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_WithBrokenPool_RefusesToStartNamingTheSetting()
    {
        var values = TestSettings.Values(Azurite.ConnectionString);
        values["Scaler:Pools:0:MinIdle"] = "50";
        using var provider = FunctionsHost.Build(values);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.StartsWith("Scaler__Pools__0__MinIdle 50", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_WithSoakAndMarginOfThirtyDays_RefusesToStartNamingTheSettings()
    {
        var values = TestSettings.Values(Azurite.ConnectionString);
        values["Scaler:RunnerUpdates:Soak"] = "23.00:00:00";
        using var provider = FunctionsHost.Build(values);

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains(error.Failures, f => f.StartsWith("Scaler__RunnerUpdates__Soak 23.00:00:00 plus Scaler__RunnerUpdates__Margin 7.00:00:00", StringComparison.Ordinal));
    }

    [Fact]
    public void Start_WithTestSettings_Starts()
    {
        using var provider = FunctionsHost.Build(TestSettings.Values(Azurite.ConnectionString));

        provider.GetRequiredService<IStartupValidator>().Validate();
    }
}
