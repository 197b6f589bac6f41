using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace MedVision.Cli;

/// <summary>
/// The <c>medvision</c> command: builds the verb tree from <see cref="VerbTable"/>, maps parse errors to
/// exit code 2 with one line each, and failures to exit code 1 with a message (stack trace behind
/// <c>--verbose</c>).
/// </summary>
public static class CliApp
{
    /// <summary>Version printed by <c>--version</c>.</summary>
    public static string Version { get; } =
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    /// <summary>Runs the command line <paramref name="args"/>; returns the process exit code.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var context = new CliContext(stdout, stderr);
        var root = BuildRoot(context);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line: the error that names a token ("Unrecognized command or argument '--x'") beats the generic
            // ones a bad token also triggers ("Required command was not provided").
            var error = parsed.Errors.FirstOrDefault(e => e.Message.Contains('\'', StringComparison.Ordinal)) ?? parsed.Errors[0];
            stderr.WriteLine($"medvision: {error.Message}");

            stderr.WriteLine("Run 'medvision --help' for usage.");
            return ExitCodes.Usage;
        }

        var verbose = parsed.GetValue(context.Verbose);
        try
        {
            return parsed.Invoke(new InvocationConfiguration
            {
                Output = stdout,
                Error = stderr,
                EnableDefaultExceptionHandler = false,
            });
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"medvision: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            stderr.WriteLine($"medvision: error: {Describe(e)}");
            if (verbose)
            {
                stderr.WriteLine(e.ToString());
            }
            else
            {
                stderr.WriteLine("(run with --verbose for details)");
            }

            return ExitCodes.Failure;
        }
    }

    /// <summary>The root command with every verb of <see cref="VerbTable"/>.</summary>
    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand(
            "MedVision: train, evaluate and apply medical image classifiers (CNNs and feature pipelines).");
        root.Options.Add(context.Verbose);
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            // The default prints the entry assembly's version, which is the test host's under a test runner.
            version.Action = new PrintVersion(context);
        }

        foreach (var create in VerbTable.All)
        {
            root.Subcommands.Add(create(context));
        }

        return root;
    }

    private static string Describe(Exception e)
    {
        var message = e.Message;
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            message += $" ({inner.Message})";
        }

        return message;
    }

    private sealed class PrintVersion(CliContext context) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            context.StdOut.WriteLine(Version);
            return ExitCodes.Success;
        }
    }
}
