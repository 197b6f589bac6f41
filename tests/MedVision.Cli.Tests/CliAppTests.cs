using static MedVision.Cli.Tests.CliRunner;
namespace MedVision.Cli.Tests;

public class CliAppTests
{
    [Fact]
    public void Help_ListsEveryVerb()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(ExitCodes.Success, code);
        var root = CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null));
        Assert.NotEmpty(root.Subcommands);
        foreach (var verb in root.Subcommands)
        {
            Assert.Contains(verb.Name, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Version_PrintsTheAssemblyVersion()
    {
        var (code, output, _) = Run("--version");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Equal(CliApp.Version, output.Trim());
    }

    [Fact]
    public void UnknownFlag_ExitsWithUsageCodeAndNamesTheFlag()
    {
        var (code, output, error) = Run("--no-such-flag");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Empty(output);
        Assert.Contains("--no-such-flag", error, StringComparison.Ordinal);
        Assert.Equal(2, error.Trim().Split('\n').Length); // the error line and the pointer to --help
        Assert.StartsWith("medvision: Unrecognized command or argument '--no-such-flag'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownVerb_ExitsWithUsageCode()
    {
        var (code, _, error) = Run("frobnicate");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("frobnicate", error, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryVerb_HasHelp()
    {
        var root = CliApp.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null));
        foreach (var verb in root.Subcommands)
        {
            var (code, output, _) = Run(verb.Name, "--help");
            Assert.Equal(ExitCodes.Success, code);
            Assert.Contains(verb.Description!, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Info_Json_IsOneObjectOnStdout()
    {
        var (code, output, error) = Run("info", "--json");
        Assert.Equal(ExitCodes.Success, code);
        Assert.Empty(error);
        using var doc = System.Text.Json.JsonDocument.Parse(output);
        Assert.Equal(CliApp.Version, doc.RootElement.GetProperty("version").GetString());
        Assert.Equal(Environment.ProcessorCount, int.Parse(doc.RootElement.GetProperty("cores").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
