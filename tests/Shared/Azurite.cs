namespace Scaler.Tests.Shared;

/// <summary>The Azurite instance that <c>./build.sh test</c> starts for the test run.</summary>
internal static class Azurite
{
    public const string Variable = "SCALER_TEST_STORAGE";

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{Variable} is not set: run the tests with ./build.sh test, which starts Azurite and sets it.");

    /// <summary>A queue name of its own for one test, so tests never see each other's messages.</summary>
    public static string UniqueQueueName() => "t" + Guid.NewGuid().ToString("N")[..20];
}
