using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Scaler.Core.GitHub;

public static class GitHubRunnersServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IGitHubRunners"/> as <see cref="OctokitGitHubRunners"/>, with the
    /// <c>GitHub</c> settings (validated on start) and the client's pacing settings from the same section.
    /// </summary>
    public static IServiceCollection AddGitHubRunners(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(GitHubOptions.Section);
        services.AddOptionsBoundOnce<GitHubOptions>(section).ValidateOnStart();
        services.AddOptions<GitHubClientOptions>().Bind(section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GitHubOptions>, GitHubOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGitHubRunners, OctokitGitHubRunners>();
        return services;
    }
}
