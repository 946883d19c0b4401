using Azure;
using Azure.ResourceManager;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scaler.Core.Compute;
using Scaler.Core.Failures;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.Compute;

public sealed class ComputeErrorsTests
{
    [Theory]
    [InlineData(409, "OverconstrainedAllocationRequest", "", false, FailureKind.CapacityUnavailable)]
    [InlineData(200, "AllocationFailed", "", true, FailureKind.CapacityUnavailable)]
    [InlineData(200, "ZonalAllocationFailed", "", false, FailureKind.CapacityUnavailable)]
    [InlineData(409, "SkuNotAvailable", "", true, FailureKind.CapacityUnavailable)]
    [InlineData(409, "SkuNotAvailable", "", false, FailureKind.SkuNotAvailable)]
    [InlineData(409, "OperationNotAllowed", "exceeding approved standardDSv5Family Cores quota", false, FailureKind.QuotaExceeded)]
    [InlineData(409, "OperationNotAllowed", "The scale set is not Flexible", false, FailureKind.Invalid)]
    [InlineData(409, "QuotaExceeded", "", false, FailureKind.QuotaExceeded)]
    [InlineData(429, "TooManyRequests", "", false, FailureKind.Throttled)]
    [InlineData(404, "ResourceNotFound", "", false, FailureKind.NotFound)]
    [InlineData(400, "InvalidParameter", "", false, FailureKind.Invalid)]
    [InlineData(403, "AuthorizationFailed", "", false, FailureKind.Unauthorized)]
    [InlineData(401, "InvalidAuthenticationToken", "", false, FailureKind.Unauthorized)]
    [InlineData(409, "Conflict", "", false, FailureKind.Invalid)]
    [InlineData(500, "InternalServerError", "", false, FailureKind.Transient)]
    [InlineData(503, "", "", false, FailureKind.Transient)]
    [InlineData(0, "", "", false, FailureKind.Transient)]
    [InlineData(429, "", "", false, FailureKind.Throttled)]
    [InlineData(200, "TooManyRequests", "", false, FailureKind.Throttled)]
    [InlineData(404, "", "", false, FailureKind.NotFound)]
    [InlineData(409, "ParentResourceNotFound", "", false, FailureKind.NotFound)]
    [InlineData(408, "", "", false, FailureKind.Transient)]
    [InlineData(0, "OperationTimedOut", "", false, FailureKind.Transient)]
    [InlineData(400, "", "", false, FailureKind.Invalid)]
    [InlineData(200, "", "", false, FailureKind.Transient)]
    [InlineData(302, "", "", false, FailureKind.Transient)]
    [InlineData(200, "OSProvisioningClientError", "", false, FailureKind.Invalid)]
    public void Classify_StatusAndCode_TypedFailure(int status, string code, string message, bool spot, FailureKind expected) =>
        Assert.Equal(expected, ComputeErrors.Classify(status, code, message, spot));

    [Fact]
    public void Map_NoErrorCode_StatusAndFirstLineOfTheMessage()
    {
        var error = ComputeErrors.Map(new RequestFailedException(503, "The service is busy.\nStatus: 503\nHeaders: ..."));

        Assert.Equal((FailureKind.Transient, "Azure answered 503: The service is busy."), (error.Kind, error.Message));
        Assert.Equal(AdapterName.Compute, error.Adapter);
    }

    [Fact]
    public void Map_ErrorCode_StatusCodeAndFirstLineOfTheMessage()
    {
        var error = ComputeErrors.Map(new RequestFailedException(409, "Allocation failed.\nStatus: 409", "AllocationFailed", null), spot: true);

        Assert.Equal((FailureKind.CapacityUnavailable, "Azure answered 409 AllocationFailed: Allocation failed."), (error.Kind, error.Message));
    }

    [Fact]
    public void Map_NoError_ThrowsArgumentNullNamingIt()
    {
        var error = Assert.Throws<ArgumentNullException>(() => ComputeErrors.Map(null!));

        Assert.Equal("error", error.ParamName);
    }

    [Theory]
    [InlineData("https://management.azure.com/", "https://management.azure.com")]
    [InlineData("https://management.usgovcloudapi.net", "https://management.usgovcloudapi.net")]
    [InlineData("https://127.0.0.1:8443/", "https://management.azure.com")]
    public void Environment_Endpoint_AudienceOfThatCloud(string endpoint, string audience)
    {
        var environment = ArmClientFactory.Environment(new Uri(endpoint));

        Assert.Equal(audience, environment.Audience.TrimEnd('/'));
        Assert.Equal(new Uri(endpoint), environment.Endpoint);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8443/", "", "Azure__ManagementEndpoint")]
    [InlineData("https://management.azure.com/", "not-a-guid", "Azure__ClientId")]
    public void AzureOptionsValidator_BadSetting_NamesIt(string endpoint, string clientId, string setting)
    {
        var result = new AzureOptionsValidator().Validate(null, new AzureOptions { ManagementEndpoint = new Uri(endpoint), ClientId = clientId });

        Assert.True(result.Failed);
        Assert.Contains(setting, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AddRunnerVms_Configured_ResolvesAzureRunnerVmsOnTheConfiguredEndpointWithoutPoolSettings()
    {
        var values = TestSettings.Values();
        values["Azure:ManagementEndpoint"] = "https://127.0.0.1:8443/";
        var services = new ServiceCollection().AddLogging();

        services.AddRunnerVms(TestSettings.Configuration(values));
        using var provider = services.BuildServiceProvider();

        Assert.IsType<AzureRunnerVms>(provider.GetRequiredService<IRunnerVms>());
        Assert.Equal(new Uri("https://127.0.0.1:8443/"), provider.GetRequiredService<IOptions<AzureOptions>>().Value.ManagementEndpoint);
        Assert.NotNull(provider.GetRequiredService<ArmClient>());
        Assert.Empty(provider.GetServices<IConfigureOptions<Scaler.Core.Pools.ScalerOptions>>());
    }
}
