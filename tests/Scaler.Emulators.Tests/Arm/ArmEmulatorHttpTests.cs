using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Scaler.Emulators.Arm;

namespace Scaler.Emulators.Tests.Arm;

public sealed class ArmEmulatorHttpTests
{
    private const string ScaleSetPath =
        "subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-runners/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-runners";

    [Fact]
    public async Task Request_WithoutBearerToken_Returns401ArmError()
    {
        await using var host = await ArmTestHost.StartAsync();
        using var http = new HttpClient(host.Emulator.CreateTrustingHandler()) { BaseAddress = host.Emulator.BaseUri };

        using var response = await http.GetAsync(new Uri(ScaleSetPath + "?api-version=2023-07-01", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("AuthenticationFailed", await ErrorCodeAsync(response));
        Assert.Equal(0, host.Emulator.Counters.Calls(Scaler.Emulators.Arm.Faults.ArmOperationKind.GetScaleSet));
    }

    [Theory]
    [InlineData("GET", "subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a?api-version=2023-07-01", HttpStatusCode.NotFound, "NotFound")]
    [InlineData("GET", ScaleSetPath, HttpStatusCode.BadRequest, "MissingApiVersionParameter")]
    [InlineData("GET", ScaleSetPath + "?api-version=1999-01-01", HttpStatusCode.BadRequest, "NoRegisteredProviderFound")]
    [InlineData("PATCH", ScaleSetPath + "?api-version=2023-07-01", HttpStatusCode.NotFound, "NotFound")]
    public async Task Request_NotServed_ReturnsArmError(string method, string path, HttpStatusCode status, string code)
    {
        await using var host = await ArmTestHost.StartAsync();
        using var http = new HttpClient(host.Emulator.CreateTrustingHandler()) { BaseAddress = host.Emulator.BaseUri };
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "token");

        using var response = await http.SendAsync(request);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(code, await ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Https_DefaultValidation_RejectsSelfSignedCertificate()
    {
        await using var host = await ArmTestHost.StartAsync();
        using var http = new HttpClient { BaseAddress = host.Emulator.BaseUri };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(ScaleSetPath, UriKind.Relative)));
    }

    [Fact]
    public async Task Certificate_CoversLoopbackNames()
    {
        await using var emulator = await ArmEmulator.StartAsync(new ArmEmulatorOptions(), CancellationToken.None);

        Assert.True(emulator.Certificate.MatchesHostname("127.0.0.1"));
        Assert.True(emulator.Certificate.MatchesHostname("localhost"));
        Assert.Equal("https", emulator.BaseUri.Scheme);
        Assert.NotEqual(0, emulator.BaseUri.Port);
    }

    private static async Task<string?> ErrorCodeAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").GetProperty("code").GetString();
    }
}
