namespace Scaler.Emulators.Common;

/// <summary>The settings every emulator has: its clock, the seed of its fault draws and the sequence its history is numbered by.</summary>
public abstract class EmulatorOptions
{
    /// <summary>Every delay, timeout and expiry runs on this clock; tests give a <c>FakeTimeProvider</c>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Seed of the random source that decides which requests a fault with a rate below 1 hits.</summary>
    public int FaultSeed { get; set; } = 1;

    /// <summary>Numbers the events the emulator records in its history; give two emulators one sequence to order their events together.</summary>
    public EventSequence Sequence { get; set; } = new();
}
