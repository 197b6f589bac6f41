using System.CommandLine;
using Spectre.Console;

namespace MedVision.Cli;

/// <summary>
/// What every verb writes to: <see cref="Out"/> for results (tables, JSON: machine-readable, never
/// progress) and <see cref="Error"/> for diagnostics and progress bars.
/// </summary>
public sealed class CliContext
{
    public CliContext(TextWriter stdout, TextWriter stderr)
    {
        StdOut = stdout;
        StdErr = stderr;
        Out = CreateConsole(stdout);
        Error = CreateConsole(stderr);
    }

    /// <summary>Plain writer for machine-readable output.</summary>
    public TextWriter StdOut { get; }

    /// <summary>Plain writer for diagnostics.</summary>
    public TextWriter StdErr { get; }

    /// <summary>Rich console over standard output (tables).</summary>
    public IAnsiConsole Out { get; }

    /// <summary>Rich console over standard error (progress, warnings).</summary>
    public IAnsiConsole Error { get; }

    /// <summary>The global <c>--verbose</c> option: stack traces on failure, more diagnostics.</summary>
    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Print stack traces and extra diagnostics",
        Recursive = true,
    };

    /// <summary>Columns assumed when output goes to a file or pipe: wide enough that no line is wrapped.</summary>
    public const int UnwrappedWidth = 4096;

    private static IAnsiConsole CreateConsole(TextWriter writer)
    {
        var isTerminal = ReferenceEquals(writer, Console.Out) ? !Console.IsOutputRedirected
            : ReferenceEquals(writer, Console.Error) && !Console.IsErrorRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = isTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = isTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = isTerminal ? InteractionSupport.Detect : InteractionSupport.No,
        });
        if (!isTerminal)
        {
            // Off a terminal there is no width to fit: Spectre's fallback of 80 columns would wrap log lines and paths
            // in files and pipes mid-word. Tables still size themselves to their content.
            console.Profile.Width = UnwrappedWidth;
        }

        return console;
    }
}
