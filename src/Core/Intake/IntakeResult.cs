using System.Globalization;
using System.Text.Json.Serialization;

namespace Scaler.Core.Intake;

/// <summary>What happened to a delivery.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IntakeOutcome>))]
public enum IntakeOutcome
{
    [JsonStringEnumMemberName("queued")]
    Queued,

    [JsonStringEnumMemberName("pong")]
    Pong,

    [JsonStringEnumMemberName("ignored")]
    Ignored,

    [JsonStringEnumMemberName("not_routed")]
    NotRouted,

    [JsonStringEnumMemberName("rejected")]
    Rejected,

    [JsonStringEnumMemberName("unavailable")]
    Unavailable,
}

/// <summary>The JSON body of the webhook's answer; GitHub shows it in the delivery log.</summary>
public sealed record IntakeResponse(IntakeOutcome Outcome, string Reason, string? Pool = null, long? JobId = null);

/// <summary>The HTTP status and body the host should answer with, and when to try again after a 503.</summary>
public sealed record IntakeResult(int StatusCode, IntakeResponse Response, TimeSpan? RetryAfter = null)
{
    /// <summary>The <c>Retry-After</c> header's value in whole seconds, or null for none.</summary>
    public string? RetryAfterHeader => RetryAfter is { } wait ? ((long)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture) : null;
}
