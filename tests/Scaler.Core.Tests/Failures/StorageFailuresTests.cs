using Azure;
using Scaler.Core.Failures;

namespace Scaler.Core.Tests.Failures;

public sealed class StorageFailuresTests
{
    [Theory]
    [InlineData(404, "ResourceNotFound", FailureKind.NotFound)]
    [InlineData(409, "EntityAlreadyExists", FailureKind.Conflict)]
    [InlineData(412, "UpdateConditionNotSatisfied", FailureKind.Conflict)]
    [InlineData(401, "InvalidAuthenticationInfo", FailureKind.Unauthorized)]
    [InlineData(403, "AuthorizationPermissionMismatch", FailureKind.Unauthorized)]
    [InlineData(429, "", FailureKind.Throttled)]
    [InlineData(503, "ServerBusy", FailureKind.Throttled)]
    [InlineData(503, "ServiceUnavailable", FailureKind.Transient)]
    [InlineData(500, "OperationTimedOut", FailureKind.Transient)]
    [InlineData(408, "", FailureKind.Transient)]
    [InlineData(0, "", FailureKind.Transient)]
    [InlineData(400, "InvalidInput", FailureKind.Invalid)]
    [InlineData(413, "RequestBodyTooLarge", FailureKind.Invalid)]
    public void Classify_StatusAndCode_Kind(int status, string code, FailureKind expected) =>
        Assert.Equal(expected, StorageFailures.Classify(status, code));

    [Fact]
    public void Map_StorageError_NamesAdapterStatusCodeAndWhatWithTheFirstLineOnly()
    {
        var error = new RequestFailedException(403, "This request is not authorized.\nRequestId:1\nTime:now", "AuthorizationPermissionMismatch", null);

        var failure = StorageFailures.Map(AdapterName.Queue, error, "queue workflow-jobs");

        Assert.Equal((AdapterName.Queue, FailureKind.Unauthorized, (TimeSpan?)null), (failure.Adapter, failure.Kind, failure.RetryAfter));
        Assert.Equal("storage answered 403 (AuthorizationPermissionMismatch) for queue workflow-jobs: This request is not authorized.", failure.Message);
        Assert.Same(error, failure.InnerException);
    }
}
