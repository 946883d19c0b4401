using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Scaler.Core.Intake;
using Scaler.Core.Jobs;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Fakes;

/// <summary>The real intake wired as the hosts wire it, with an in-memory queue and a fake log and clock.</summary>
internal sealed class IntakeHarness : IDisposable
{
    private readonly ServiceProvider provider;

    /// <param name="register">Runs before the intake's registrations, so what it registers wins (a small budget).</param>
    public IntakeHarness(Action<Dictionary<string, string?>>? configure = null, Action<IServiceCollection>? register = null)
    {
        var values = TestSettings.Values(storage: "UseDevelopmentStorage=true");
        configure?.Invoke(values);
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerProvider>(new FakeLoggerProvider(Logs));
        services.AddLogging(builder => builder.SetMinimumLevel(LogLevel.Debug));
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<IJobQueue>(Queue);
        register?.Invoke(services);
        services.AddScalerIntake(TestSettings.Configuration(values));
        provider = services.BuildServiceProvider();
        Intake = provider.GetRequiredService<WebhookIntake>();
    }

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 27, 21, 12, 13, TimeSpan.Zero));

    public InMemoryJobQueue Queue { get; } = new();

    public FakeLogCollector Logs { get; } = new();

    public WebhookIntake Intake { get; }

    public System.Diagnostics.Metrics.IMeterFactory Meters => provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();

    public Task<IntakeResult> SendAsync(WebhookRequest request) => Intake.AcceptAsync(request, CancellationToken.None);

    public void Dispose() => provider.Dispose();
}
