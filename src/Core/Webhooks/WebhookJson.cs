using System.Text.Json.Serialization;
using Scaler.Core.Jobs;

namespace Scaler.Core.Webhooks;

/// <summary>Source-generated JSON for GitHub's snake_case payloads and Scaler's own messages.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkflowJobEvent))]
[JsonSerializable(typeof(JobMessage))]
[JsonSerializable(typeof(IntakeResponse))]
public sealed partial class WebhookJson : JsonSerializerContext;
