using System.Buffers;
using System.Text;
using Scaler.Core.Intake;

namespace Scaler.Core.Tests.Intake;

public class WebhookSignatureTests
{
    private const string Secret = "It's a Secret to Everybody";
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("Hello, World!");

    [Fact]
    public void Sign_GitHubTestVector_MatchesDocumentedSignature()
    {
        Assert.Equal("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", WebhookSignature.Sign(Body, Secret));
    }

    [Fact]
    public void Verify_GitHubTestVector_IsValid()
    {
        var check = WebhookSignature.Verify(Body, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", Secret);

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Fact]
    public void Verify_UpperCaseHex_IsValid()
    {
        var check = WebhookSignature.Verify(Body, "sha256=757107EA0EB2509FC211221CCE984B8A37570B6D7586C22C46F4379C8B043E17", Secret);

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Theory]
    [InlineData(null, SignatureCheck.Missing)]
    [InlineData("", SignatureCheck.Missing)]
    [InlineData("sha1=757107ea0eb2509fc211221cce984b8a37570b6d", SignatureCheck.Malformed)]
    [InlineData("sha256=757107ea", SignatureCheck.Malformed)]
    [InlineData("sha256=zz7107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", SignatureCheck.Malformed)]
    [InlineData("sha256=857107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", SignatureCheck.Mismatch)]
    public void Verify_BadHeader_IsRejected(string? header, SignatureCheck expected)
    {
        Assert.Equal(expected, WebhookSignature.Verify(Body, header, Secret));
    }

    [Fact]
    public void Verify_OtherSecret_IsMismatch()
    {
        var header = WebhookSignature.Sign(Body, "another secret of sixteen+");

        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(Body, header, Secret));
    }

    [Fact]
    public void Verify_BodyChangedByOneByte_IsMismatch()
    {
        var header = WebhookSignature.Sign(Body, Secret);
        var changed = Encoding.UTF8.GetBytes("Hello, World?");

        Assert.Equal(SignatureCheck.Mismatch, WebhookSignature.Verify(changed, header, Secret));
    }

    [Fact]
    public void Verify_GitHubTestVectorInThreeSegments_IsValid()
    {
        var check = WebhookSignature.Verify(Segments("Hello", ", Wor", "ld!"), "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", Secret);

        Assert.Equal(SignatureCheck.Valid, check);
    }

    [Theory]
    [InlineData("sha256=757107ea", SignatureCheck.Malformed)]
    [InlineData(null, SignatureCheck.Missing)]
    public void Verify_SegmentsWithBadHeader_IsRejected(string? header, SignatureCheck expected)
    {
        Assert.Equal(expected, WebhookSignature.Verify(Segments("Hello", ", Wor", "ld!"), header, Secret));
    }

    [Fact]
    public void Verify_SegmentsWithOneByteChanged_IsMismatch()
    {
        var check = WebhookSignature.Verify(Segments("Hello", ", Wor", "ld?"), WebhookSignature.Sign(Body, Secret), Secret);

        Assert.Equal(SignatureCheck.Mismatch, check);
    }

    [Fact]
    public void Verify_RightDigestUnderAnotherSchemeName_IsMalformed()
    {
        var check = WebhookSignature.Verify(Body, "sha512=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", Secret);

        Assert.Equal(SignatureCheck.Malformed, check);
    }

    [Fact]
    public void Verify_EmptySecret_ThrowsRatherThanCheckingWithAnEmptyKey()
    {
        var header = WebhookSignature.Sign(Body, string.Empty);

        Assert.Throws<ArgumentException>(() => WebhookSignature.Verify(Body, header, string.Empty));
    }

    private static ReadOnlySequence<byte> Segments(params string[] parts)
    {
        var first = new Segment(Encoding.UTF8.GetBytes(parts[0]), 0);
        var last = first;
        foreach (var part in parts.Skip(1))
        {
            last = last.Append(Encoding.UTF8.GetBytes(part));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
