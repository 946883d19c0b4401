using Scaler.Core.Webhooks;
using Scaler.Core.Tests.Fakes;

namespace Scaler.Core.Tests.Webhooks;

public class CappedBodyTests
{
    [Fact]
    public async Task ReadAsync_DeclaredLengthOverCap_ReadsNothing()
    {
        var stream = new EndlessStream();

        var body = await CappedBody.ReadAsync(stream, declaredLength: CappedBody.MaxBytes + 1L, CappedBody.MaxBytes, CancellationToken.None);

        Assert.Null(body);
        Assert.Equal(0, stream.BytesRead);
    }

    [Fact]
    public async Task ReadAsync_UndeclaredBodyOverCap_StopsJustPastTheCap()
    {
        var stream = new EndlessStream();

        var body = await CappedBody.ReadAsync(stream, declaredLength: null, CappedBody.MaxBytes, CancellationToken.None);

        Assert.Null(body);
        Assert.InRange(stream.BytesRead, CappedBody.MaxBytes, CappedBody.MaxBytes + 81_920L);
    }

    [Fact]
    public async Task ReadAsync_BodyExactlyAtCap_IsReturnedWhole()
    {
        var data = new byte[1000];
        Random.Shared.NextBytes(data);

        var body = await CappedBody.ReadAsync(new MemoryStream(data), declaredLength: null, maxBytes: 1000, CancellationToken.None);

        Assert.Equal(data, body);
    }

    [Fact]
    public async Task ReadAsync_BodyOneByteOverCap_IsRefused()
    {
        var body = await CappedBody.ReadAsync(new MemoryStream(new byte[1001]), declaredLength: null, maxBytes: 1000, CancellationToken.None);

        Assert.Null(body);
    }
}
