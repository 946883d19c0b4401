using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Scaler.Core;

internal static class OptionsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="T"/> to the section unless an earlier registration did, so that the
    /// extensions that share a section (intake, GitHub client, compute) do not bind it twice.
    /// </summary>
    public static OptionsBuilder<T> AddOptionsBoundOnce<T>(this IServiceCollection services, IConfigurationSection section)
        where T : class
    {
        var builder = services.AddOptions<T>();
        return services.Any(d => d.ServiceType == typeof(IConfigureOptions<T>)) ? builder : builder.Bind(section);
    }
}
