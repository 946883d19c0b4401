using Microsoft.Extensions.DependencyInjection;
using Scaler.Tests.Shared;

namespace Scaler.Functions.Tests;

/// <summary>The Functions app's services, registered as Program.cs registers them.</summary>
internal static class FunctionsHost
{
    public static ServiceProvider Build(Dictionary<string, string?> values, Action<IServiceCollection>? before = null)
    {
        var configuration = TestSettings.Configuration(values);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(configuration);
        before?.Invoke(services);
        services.AddScalerFunctions(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
