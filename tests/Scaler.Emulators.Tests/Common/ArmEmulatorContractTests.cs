using System.Net.Http.Headers;
using Microsoft.Extensions.Time.Testing;
using Scaler.Emulators.Arm;
using Scaler.Emulators.Arm.Faults;

namespace Scaler.Emulators.Tests.Common;

public sealed class ArmEmulatorContractTests : EmulatorContractTests<ArmEmulator, ArmEmulatorOptions, ArmOperationKind>
{
    private const string ScaleSetId = "/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-runners/providers/Microsoft.Compute/virtualMachineScaleSets/vmss-runners";

    protected override ArmOperationKind Target => ArmOperationKind.GetScaleSet;

    protected override ArmEmulatorOptions CreateOptions() =>
        new() { TimeProvider = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero)) };

    protected override void Seed(ArmEmulator emulator) => emulator.AddScaleSet(ScaleSetId, "westeurope");

    protected override HttpClient CreateClient(ArmEmulator emulator) =>
        new(emulator.CreateTrustingHandler()) { BaseAddress = emulator.BaseUri };

    protected override HttpRequestMessage CreateRequest()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(ScaleSetId.TrimStart('/') + "?api-version=2023-07-01", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "token");
        return request;
    }
}
