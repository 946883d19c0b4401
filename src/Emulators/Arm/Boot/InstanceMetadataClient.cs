namespace Scaler.Emulators.Arm.Boot;

/// <summary>
/// What a simulated guest uses to read its userData: a real HTTP request to the emulator's instance metadata endpoint,
/// as the standby boot unit does to <c>169.254.169.254</c>.
/// </summary>
internal sealed class InstanceMetadataClient(HttpClient httpClient) : IDisposable
{
    /// <summary>The emulator's root, known once it listens.</summary>
    public Uri? BaseUri { get; set; }

    /// <summary>The VM's userData as IMDS returns it (base64 text, empty when none).</summary>
    public async Task<string> ReadUserDataAsync(string vmName, CancellationToken cancellationToken)
    {
        var root = BaseUri ?? throw new InvalidOperationException("The emulator is not listening yet.");
        using var request = new HttpRequestMessage(HttpMethod.Get, InstanceMetadataUris.UserData(root, vmName));
        request.Headers.Add("Metadata", "true");
        using var response = await httpClient.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public void Dispose() => httpClient.Dispose();
}

/// <summary>Where the emulator serves one VM's instance metadata.</summary>
internal static class InstanceMetadataUris
{
    /// <summary>The root a VM's guest puts <c>metadata/instance/...</c> under, in place of <c>http://169.254.169.254/</c>.</summary>
    public static Uri Root(Uri emulatorRoot, string vmName) => new(emulatorRoot, $"_imds/{Uri.EscapeDataString(vmName)}/");

    public static Uri UserData(Uri emulatorRoot, string vmName) =>
        new(Root(emulatorRoot, vmName), "metadata/instance/compute/userData?api-version=2021-01-01&format=text");
}
