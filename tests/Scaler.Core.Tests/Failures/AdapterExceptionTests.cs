using Scaler.Core.Failures;

namespace Scaler.Core.Tests.Failures;

public sealed class AdapterExceptionTests
{
    [Theory]
    [InlineData(FailureKind.Transient, true)]
    [InlineData(FailureKind.Throttled, true)]
    [InlineData(FailureKind.NotFound, false)]
    [InlineData(FailureKind.Conflict, false)]
    [InlineData(FailureKind.CapacityUnavailable, false)]
    [InlineData(FailureKind.QuotaExceeded, false)]
    [InlineData(FailureKind.SkuNotAvailable, false)]
    [InlineData(FailureKind.Unauthorized, false)]
    [InlineData(FailureKind.Invalid, false)]
    public void IsTransient_Kind_OnlyWhereTheSameCallMaySucceedAgain(FailureKind kind, bool expected) =>
        Assert.Equal(expected, new AdapterException(AdapterName.Table, kind, "failed").IsTransient);
}
