namespace MedVision.Data;

/// <summary>A data folder or manifest that cannot be read as a data set; the message names the path and the problem.</summary>
public sealed class DatasetFormatException(string message) : FormatException(message);
