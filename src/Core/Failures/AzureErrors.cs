using System.Globalization;
using Azure;

namespace Scaler.Core.Failures;

/// <summary>What an Azure <see cref="RequestFailedException"/> says beyond its status: when to come back, and its message's gist.</summary>
public static class AzureErrors
{
    /// <summary><c>Retry-After</c> (seconds, or an HTTP date measured from the response's <c>Date</c>), else <c>retry-after-ms</c>; null when neither is there.</summary>
    public static TimeSpan? RetryAfter(RequestFailedException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var response = error.GetRawResponse();
        if (response is null)
        {
            return null;
        }

        if (response.Headers.TryGetValue("Retry-After", out var value) && !string.IsNullOrWhiteSpace(value))
        {
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
                && response.Headers.Date is { } date)
            {
                var delay = when - date;
                return delay > TimeSpan.Zero ? delay : TimeSpan.Zero;
            }
        }

        if (response.Headers.TryGetValue("retry-after-ms", out var ms)
            && int.TryParse(ms, NumberStyles.Integer, CultureInfo.InvariantCulture, out var millis) && millis >= 0)
        {
            return TimeSpan.FromMilliseconds(millis);
        }

        return null;
    }

    /// <summary>The first line of the message: the rest repeats the request and the response's headers.</summary>
    public static string FirstLine(RequestFailedException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var text = error.Message;
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }
}
