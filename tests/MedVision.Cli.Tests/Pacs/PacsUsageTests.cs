using static MedVision.Cli.Tests.CliRunner;

namespace MedVision.Cli.Tests.Pacs;

/// <summary><c>medvision pacs</c> usage errors: exit code 2 and a message that names the option, before any request is made.</summary>
public sealed class PacsUsageTests
{
    [Theory]
    [InlineData("either --study UID", "pacs", "classify", "--url", "http://127.0.0.1:9/dicom-web", "--model", "m", "--study", "1.2.3", "--query", "PatientID=1")]
    [InlineData("either --study", "pacs", "classify", "--url", "http://127.0.0.1:9/dicom-web", "--model", "m")]
    [InlineData("--query needs --out", "pacs", "classify", "--url", "http://127.0.0.1:9/dicom-web", "--model", "m", "--query", "PatientID=1")]
    [InlineData("--study must be a Study Instance UID", "pacs", "classify", "--url", "http://127.0.0.1:9/dicom-web", "--model", "m", "--study", "../x")]
    [InlineData("--url must be an absolute http(s) URL", "pacs", "query", "--url", "ftp://pacs/dicom-web")]
    public void BadArguments_AreUsageErrors(string expected, params string[] args)
    {
        var (code, _, error) = Run(args);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnreachableServer_IsAFailureNamingTheRequest()
    {
        var (code, _, error) = Run("pacs", "query", "--url", "http://127.0.0.1:9/dicom-web", "--patient", "P1");
        Assert.Equal(ExitCodes.Failure, code);
        Assert.Contains("GET http://127.0.0.1:9/dicom-web/studies?PatientID=P1", error, StringComparison.Ordinal);
    }
}
