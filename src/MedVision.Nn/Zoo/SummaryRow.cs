namespace MedVision.Nn.Zoo;

/// <summary>One layer of a <see cref="ModelSummary"/>: dotted name, type, output shape (batch 1) and own parameter count.</summary>
public sealed record SummaryRow(string Name, string Type, IReadOnlyList<int> OutputShape, long Parameters);
