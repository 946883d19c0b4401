using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Scaler.Emulators.GitHub.Runners;

internal sealed record JitConfigClaims(long RunnerId, string ClientId);

/// <summary>
/// Builds encoded JIT configs the way the runner expects them (base64 of a JSON map of
/// <c>.runner</c>, <c>.credentials</c>, <c>.credentials_rsaparams</c> to base64 contents) and signs
/// each with an HMAC only the emulator holds, so a tampered config is refused.
/// </summary>
internal sealed class JitConfigCodec
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public string Encode(Runner runner, string clientId, Uri baseUri, string? workFolder)
    {
        var settings = new JsonObject
        {
            ["agentId"] = runner.Id,
            ["agentName"] = runner.Name,
            ["poolId"] = runner.GroupId,
            ["poolName"] = runner.GroupName,
            ["serverUrl"] = new Uri(baseUri, "_emulator/pipelines/").ToString(),
            ["gitHubUrl"] = GitHubUrl(runner.Scope),
            ["workFolder"] = string.IsNullOrEmpty(workFolder) ? "_work" : workFolder,
            ["ephemeral"] = true,
            ["useV2Flow"] = true,
        };
        var settingsBase64 = ToBase64(settings.ToJsonString());
        var credentials = new JsonObject
        {
            ["scheme"] = "OAuth",
            ["data"] = new JsonObject
            {
                ["clientId"] = clientId,
                ["authorizationUrl"] = new Uri(baseUri, "_emulator/oauth2/token").ToString(),
                ["requireFipsCryptography"] = "False",
                ["signature"] = Sign(settingsBase64, clientId),
            },
        };
        var rsa = new JsonObject();
        foreach (var (field, size) in new[] { ("d", 256), ("dp", 128), ("dq", 128), ("exponent", 3), ("inverseQ", 128), ("modulus", 256), ("p", 128), ("q", 128) })
        {
            rsa[field] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(size));
        }

        var map = new JsonObject
        {
            [".runner"] = settingsBase64,
            [".credentials"] = ToBase64(credentials.ToJsonString()),
            [".credentials_rsaparams"] = ToBase64(rsa.ToJsonString()),
        };
        return ToBase64(map.ToJsonString());
    }

    /// <summary>Returns the runner a config names, or null when it is malformed or its signature does not match.</summary>
    public JitConfigClaims? Decode(string encoded)
    {
        try
        {
            var map = JsonNode.Parse(FromBase64(encoded))!.AsObject();
            var settingsBase64 = map[".runner"]!.GetValue<string>();
            var credentials = JsonNode.Parse(FromBase64(map[".credentials"]!.GetValue<string>()))!["data"]!;
            var clientId = credentials["clientId"]!.GetValue<string>();
            var signature = credentials["signature"]!.GetValue<string>();
            var expected = Sign(settingsBase64, clientId);
            if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), Encoding.ASCII.GetBytes(expected)))
            {
                return null;
            }

            var runnerId = JsonNode.Parse(FromBase64(settingsBase64))!["agentId"]!.GetValue<long>();
            return new JitConfigClaims(runnerId, clientId);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or NullReferenceException)
        {
            return null;
        }
    }

    private static string GitHubUrl(RunnerScope scope) => scope.Kind switch
    {
        RunnerScopeKind.Repository => $"https://github.com/{scope.Name}",
        RunnerScopeKind.Organization => $"https://github.com/{scope.Name}",
        _ => $"https://github.com/enterprises/{scope.Name}",
    };

    private string Sign(string settingsBase64, string clientId) =>
        Convert.ToHexString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(settingsBase64 + "\n" + clientId))).ToLowerInvariant();

    private static string ToBase64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));

    private static string FromBase64(string base64) => Encoding.UTF8.GetString(Convert.FromBase64String(base64));
}
