using Microsoft.Extensions.Logging.Testing;

namespace Scaler.Core.Tests.Telemetry;

/// <summary>Searches every captured log record (message, exception and each structured value) for secrets.</summary>
internal static class LogSecrets
{
    /// <summary>Fails naming the record and which secret (by its first characters only) appears in it.</summary>
    public static void AssertNoneIn(IEnumerable<FakeLogRecord> records, IEnumerable<string> secrets)
    {
        var wanted = secrets.Where(s => s.Length >= 8).Distinct(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(wanted);
        var lines = records.Select(Text).ToList();
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            foreach (var secret in wanted)
            {
                Assert.False(line.Contains(secret, StringComparison.Ordinal), $"a log record holds the secret starting {secret[..4]}: {Shorten(line, secret)}");
            }
        }
    }

    public static string Text(FakeLogRecord record) =>
        string.Join(" | ", record.Message, record.Exception?.ToString(), string.Join(",", record.StructuredState?.Select(kv => kv.Value) ?? []));

    private static string Shorten(string line, string secret) => line.Replace(secret, "<secret>", StringComparison.Ordinal);
}
