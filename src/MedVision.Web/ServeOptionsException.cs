namespace MedVision.Web;

/// <summary>A <see cref="ServeOptions"/> value the service cannot start with; the message names the option and why.</summary>
public sealed class ServeOptionsException(string message) : Exception(message);
