using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scaler.Core.GitHub;
using Scaler.Core.Intake;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Pools;

public class GitHubOptionsValidatorTests
{
    [Theory]
    [InlineData("GitHub:WebhookSecret", null, "GitHub__WebhookSecret is not set")]
    [InlineData("GitHub:WebhookSecret", "   ", "GitHub__WebhookSecret is not set")]
    [InlineData("GitHub:WebhookSecret", "short", "GitHub__WebhookSecret is shorter than 16 characters")]
    [InlineData("GitHub:Token", null, "No GitHub credentials")]
    [InlineData("GitHub:AppId", "123", "GitHub__AppPrivateKey is not")]
    [InlineData("GitHub:AppPrivateKey", "pem", "GitHub__AppId is not")]
    [InlineData("GitHub:ApiUrl", "ftp://github.example.com", "GitHub__ApiUrl must be")]
    public void Validate_BadSetting_NamesIt(string key, string? value, string expected)
    {
        var values = TestSettings.Values();
        values[key] = value;
        using var provider = new ServiceCollection().AddScalerIntake(TestSettings.Configuration(values)).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => key == "GitHub:WebhookSecret"
            ? provider.GetRequiredService<IOptions<WebhookOptions>>().Value
            : (object)provider.GetRequiredService<IOptions<GitHubOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }
}
