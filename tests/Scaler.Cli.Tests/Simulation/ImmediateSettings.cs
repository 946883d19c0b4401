using Microsoft.Extensions.Configuration;
using Scaler.Cli.Simulation;

namespace Scaler.Cli.Tests.Simulation;

/// <summary>
/// The example pools, with webhooks taking no time and the queue consumer and the create's caller learning of everything
/// at once, so that waits are sums of the model's durations.
/// </summary>
internal static class ImmediateSettings
{
    public static IConfiguration Build(Action<Dictionary<string, string?>>? change = null)
    {
        var values = SimulationSettings.ExamplePools();
        values["GitHub:Token"] = "simulated";
        values["Simulation:WebhookLatency"] = "00:00:00";
        values["Simulation:QueueMaxPollingInterval"] = "00:00:00";
        values["Simulation:CreatePolledBySdk"] = "false";
        change?.Invoke(values);
        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
