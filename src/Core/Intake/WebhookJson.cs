using System.Text.Json.Serialization;
using Scaler.Core.Jobs;

namespace Scaler.Core.Intake;

/// <summary>Source-generated JSON for GitHub's snake_case payloads and the intake's answers.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WorkflowJobEvent))]
[JsonSerializable(typeof(IntakeResponse))]
public sealed partial class WebhookJson : JsonSerializerContext;
