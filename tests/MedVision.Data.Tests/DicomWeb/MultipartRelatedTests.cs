using System.Text;
using MedVision.Data.DicomWeb;

namespace MedVision.Data.Tests.DicomWeb;

public sealed class MultipartRelatedTests
{
    private const string Type = "multipart/related; type=\"application/dicom\"; boundary=\"b0\"";

    [Fact]
    public void Build_ThenParse_GivesThePartsBack_ByteForByte()
    {
        // Bodies that contain CRLF, dashes and the boundary's text without a leading CRLF.
        MultipartPart[] parts = [new("application/dicom", "a\r\n--b\r\nb0"u8.ToArray()), new("application/dicom", Array.Empty<byte>()), new("application/dicom", new byte[] { 0, 13, 10, 45 })];
        var body = MultipartRelated.Build(parts, "b0");

        var read = MultipartRelated.Parse(body, Type, maxParts: 10);

        Assert.Equal(parts.Select(p => p.Body.ToArray()), read.Select(p => p.Body.ToArray()));
        Assert.All(read, p => Assert.Equal("application/dicom", p.ContentType));
    }

    [Fact]
    public void Parse_AcceptsAPreamble_TransportPadding_AndPartsWithoutHeaders()
    {
        var body = Encoding.ASCII.GetBytes("preamble text\r\n--b0  \r\n\r\nfirst\r\n--b0\r\ncontent-type: application/dicom; transfer-syntax=1.2.840.10008.1.2.1\r\nX-Other: 1\r\n\r\nsecond\r\n--b0--\r\nepilogue");

        var read = MultipartRelated.Parse(body, Type, maxParts: 10);

        Assert.Equal(["first", "second"], read.Select(p => Encoding.ASCII.GetString(p.Body.Span)));
        Assert.Null(read[0].ContentType);
        Assert.Equal("application/dicom; transfer-syntax=1.2.840.10008.1.2.1", read[1].ContentType);
    }

    [Theory]
    [InlineData("--b0\r\n\r\nno closing boundary", "truncated")]
    [InlineData("no boundary at all", "holds no boundary")]
    [InlineData("--b0\r\nContent-Type: x", "no blank line")]
    [InlineData("--b0xx\r\n\r\nbody\r\n--b0--", "not followed by CRLF")]
    public void Parse_MalformedBodies_AreInvalidDataErrorsSayingWhy(string body, string expected)
    {
        var e = Assert.Throws<InvalidDataException>(() => MultipartRelated.Parse(Encoding.ASCII.GetBytes(body), Type, 10));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_StopsAtMaxParts_AndChecksTheContentType()
    {
        var body = MultipartRelated.Build(Enumerable.Range(0, 4).Select(i => new MultipartPart("application/dicom", new byte[i])), "b0");
        Assert.Equal(4, MultipartRelated.Parse(body, Type, 4).Count);
        Assert.Contains("more than 3 parts", Assert.Throws<InvalidDataException>(() => MultipartRelated.Parse(body, Type, 3)).Message, StringComparison.Ordinal);
        Assert.Contains("multipart/related", Assert.Throws<InvalidDataException>(() => MultipartRelated.Parse(body, "application/dicom", 3)).Message, StringComparison.Ordinal);
        Assert.Contains("no boundary", Assert.Throws<InvalidDataException>(() => MultipartRelated.Boundary("multipart/related; type=\"application/dicom\"")).Message, StringComparison.Ordinal);
        Assert.Equal("b0", MultipartRelated.Boundary(MultipartRelated.ContentType("b0")));
    }

    [Fact]
    public void Boundary_LongerThanRfc2046s70Characters_AsOrthancSendsIt_IsAccepted()
    {
        const string orthanc = "824e1f9f-b846-47ab-9725-ac8432b9a9df-824e1f9f-b846-47ab-9725-ac8432b9a9df";
        Assert.Equal(73, orthanc.Length);
        var body = MultipartRelated.Build([new MultipartPart("application/dicom", new byte[] { 7 })], orthanc);
        Assert.Equal([7], Assert.Single(MultipartRelated.Parse(body, MultipartRelated.ContentType(orthanc), 1)).Body.ToArray());
    }
}
