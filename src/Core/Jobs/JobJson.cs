using System.Text.Json.Serialization;

namespace Scaler.Core.Jobs;

/// <summary>Source-generated JSON for the <c>workflow-jobs</c> queue message, snake_case like GitHub's payloads.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobMessage))]
public sealed partial class JobJson : JsonSerializerContext;
