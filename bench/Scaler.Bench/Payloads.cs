using System.Text;
using System.Text.Json.Nodes;

namespace Scaler.Bench;

/// <summary>The recorded <c>queued</c> delivery, made current: intake ignores a queued job created more than 25 hours ago as a replay.</summary>
internal static class Payloads
{
    public static byte[] FreshQueued(DateTimeOffset now, long? jobId = null)
    {
        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", "app.queued.json")))!;
        var job = root["workflow_job"]!;
        job["created_at"] = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        if (jobId is { } id)
        {
            job["id"] = id;
        }

        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }
}
