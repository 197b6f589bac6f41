namespace MedVision.Cli;

/// <summary>Process exit codes of the <c>medvision</c> command.</summary>
public static class ExitCodes
{
    /// <summary>The verb did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The verb ran and failed: bad input file, I/O error, numerical failure.</summary>
    public const int Failure = 1;

    /// <summary>The command line itself was wrong: unknown verb or option, missing or malformed value.</summary>
    public const int Usage = 2;
}
