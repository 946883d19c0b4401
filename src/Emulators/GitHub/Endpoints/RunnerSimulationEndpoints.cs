using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Scaler.Emulators.GitHub.Http;
using Scaler.Emulators.GitHub.Json;

namespace Scaler.Emulators.GitHub.Endpoints;

/// <summary>
/// The runner side, for simulated VMs (not part of GitHub's API): <c>connect</c> brings a JIT
/// runner online with its encoded config, <c>disconnect</c> takes it offline (VM deleted or evicted).
/// </summary>
internal static class RunnerSimulationEndpoints
{
    public static void Map(IEndpointRouteBuilder root, EmulatorContext emulator)
    {
        var group = root.MapGroup("/_emulator/runners").WithMetadata(new AuthRequirementMetadata(AuthRequirement.None));

        group.MapPost("/connect", async (HttpContext context) =>
        {
            var (body, error) = await JsonBody.ReadAsync<ConnectRequest>(context);
            if (error is not null)
            {
                return error;
            }

            if (string.IsNullOrEmpty(body!.JitConfig) || emulator.JitConfigs.Decode(body!.JitConfig) is not { } claims)
            {
                return ApiErrors.Error(StatusCodes.Status401Unauthorized, "The JIT configuration is not valid.");
            }

            lock (emulator.Registry.Gate)
            {
                var runner = emulator.Registry.Find(claims.RunnerId);
                if (runner is null || runner.JitClientId != claims.ClientId)
                {
                    return ApiErrors.Error(StatusCodes.Status401Unauthorized, "The runner of this JIT configuration is not registered.");
                }

                if (runner.JitConfigUsed)
                {
                    return ApiErrors.Error(StatusCodes.Status409Conflict, "This JIT configuration has already been used.");
                }

                runner.JitConfigUsed = true;
                runner.Online = true;
                runner.Version = string.IsNullOrWhiteSpace(body.Version) ? emulator.Versions.Latest?.Version : body.Version.TrimStart('v');
                runner.Os = string.IsNullOrWhiteSpace(body.Os) ? "Linux" : body.Os;
                emulator.Scheduler.Dispatch();
                return Results.Json(new ConnectResponse(runner.Id, runner.Name), GitHubJson.Options);
            }
        });

        group.MapPost("/disconnect", async (HttpContext context) =>
        {
            var (body, error) = await JsonBody.ReadAsync<DisconnectRequest>(context);
            if (error is not null)
            {
                return error;
            }

            lock (emulator.Registry.Gate)
            {
                if (string.IsNullOrEmpty(body!.Name) || emulator.Registry.FindByName(body.Name) is not { } runner)
                {
                    return ApiErrors.NotFound();
                }

                runner.Online = false;
                emulator.Scheduler.RunnerLost(runner);
                return Results.Json(new ConnectResponse(runner.Id, runner.Name), GitHubJson.Options);
            }
        });
    }
}
