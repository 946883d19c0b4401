using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Scaler.Core;

namespace Scaler.Functions;

public static class FunctionsServices
{
    /// <summary>Everything the functions need; settings are validated when the host starts.</summary>
    public static IServiceCollection AddScalerFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScalerTelemetry(configuration);
        return services.AddScalerProcessing(configuration);
    }
}
