using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Scaler.Emulators.Arm;

/// <summary>ARM's error shape: <c>{"error": {"code", "message"}}</c>.</summary>
internal static class ArmErrors
{
    public static IResult Error(int status, string code, string message) =>
        Results.Json(new JsonObject { ["error"] = new JsonObject { ["code"] = code, ["message"] = message } }, statusCode: status);

    public static IResult NotFound(string id) =>
        Error(StatusCodes.Status404NotFound, "ResourceNotFound", $"The Resource '{id}' was not found.");

    public static IResult Invalid(string message) => Error(StatusCodes.Status400BadRequest, "InvalidParameter", message);
}
