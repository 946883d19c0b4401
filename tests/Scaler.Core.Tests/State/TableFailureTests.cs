using System.Net;
using Azure;
using Azure.Data.Tables;
using Scaler.Core.Failures;
using Scaler.Core.State;
using Scaler.Core.Tests.Fakes;
using Scaler.Tests.Shared;

namespace Scaler.Core.Tests.State;

/// <summary>
/// Table storage failures that the state adapters do not expect leave as <see cref="AdapterException"/>s of
/// <see cref="AdapterName.Table"/>; the ones they expect (409 on insert, 412 and 404 on update) stay answers, as
/// <see cref="TableJobStoreTests"/> and <see cref="CapacityContract"/> show.
/// </summary>
public sealed class TableFailureTests
{
    [Fact]
    public async Task GetAsync_WrongAccountKey_ThrowsUnauthorizedOfTheTable()
    {
        var wrongKey = string.Join(';', Azurite.ConnectionString.Split(';').Select(p => p.StartsWith("AccountKey=", StringComparison.Ordinal) ? "AccountKey=" + FailingStorageHandler.Key : p));
        var store = new TableJobStore(new LazyTable(new TableClient(wrongKey, TableJobStore.TableName, new TableClientOptions { Retry = { MaxRetries = 0 } })));

        var error = await Assert.ThrowsAsync<AdapterException>(() => store.GetAsync("linux-x64", 1, CancellationToken.None));

        Assert.Equal((AdapterName.Table, FailureKind.Unauthorized, false), (error.Adapter, error.Kind, error.IsTransient));
        Assert.StartsWith("storage answered 403", error.Message, StringComparison.Ordinal);
        Assert.Contains("for table jobs", error.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<RequestFailedException>(error.InnerException);
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "ServerBusy", 7, FailureKind.Throttled)]
    [InlineData(HttpStatusCode.InternalServerError, "InternalError", 0, FailureKind.Transient)]
    [InlineData(HttpStatusCode.Forbidden, "AuthorizationPermissionMismatch", 0, FailureKind.Unauthorized)]
    [InlineData(HttpStatusCode.BadRequest, "OutOfRangeInput", 0, FailureKind.Invalid)]
    public async Task EveryStateAdapter_StorageError_ThrowsItsKindOfTheTable(HttpStatusCode status, string code, int retryAfterSeconds, FailureKind expected)
    {
        var handler = new FailingStorageHandler(status, code, retryAfterSeconds > 0 ? TimeSpan.FromSeconds(retryAfterSeconds) : null);
        var jobs = new TableJobStore(Table(handler, TableJobStore.TableName));
        var capacity = new TableCapacity(Table(handler, TableCapacity.TableName), TimeProvider.System);
        var watermarks = new TableWatermarks(Table(handler, TableWatermarks.TableName));

        var errors = new[]
        {
            await Assert.ThrowsAsync<AdapterException>(() => jobs.TryAddAsync(new JobRecord { Pool = "linux-x64", JobId = 1 }, CancellationToken.None)),
            await Assert.ThrowsAsync<AdapterException>(() => capacity.ClaimAsync("linux-x64", "linux-x64-1", 1, 5, CancellationToken.None)),
            await Assert.ThrowsAsync<AdapterException>(() => watermarks.SetAsync("deliveries", DateTimeOffset.UnixEpoch, CancellationToken.None)),
        };

        Assert.All(errors, error =>
        {
            Assert.Equal((AdapterName.Table, expected), (error.Adapter, error.Kind));
            Assert.Equal(retryAfterSeconds > 0 ? TimeSpan.FromSeconds(retryAfterSeconds) : null, error.RetryAfter);
            Assert.Contains(code, error.Message, StringComparison.Ordinal);
        });
    }

    private static LazyTable Table(FailingStorageHandler handler, string name) =>
        new(new TableClient(
            new Uri($"https://{FailingStorageHandler.Account}.table.core.windows.net/"),
            name,
            new TableSharedKeyCredential(FailingStorageHandler.Account, FailingStorageHandler.Key),
            new TableClientOptions { Transport = handler.Transport(), Retry = { MaxRetries = 0 } }));
}
