using MedVision.Nn.Weights;

namespace MedVision.Nn.Zoo;

/// <summary>
/// Transfer learning from pretrained weights (seeds/001, seeds/002): loads a torchvision state dict into a
/// zoo model built for other input channels or another number of outputs.
/// </summary>
public static class Transfer
{
    /// <summary>
    /// Adapts a first-convolution weight (O, C, k, k) to <paramref name="inChannels"/>: for one channel the RGB
    /// filters are summed (a grayscale image replicated to RGB gives the same response); for other counts the
    /// filters are repeated cyclically and scaled by C/<paramref name="inChannels"/>. Returns the adapted copy.
    /// </summary>
    public static WeightTensor AdaptFirstConv(WeightTensor weight, int inChannels)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.Shape.Length != 4 || inChannels < 1)
        {
            throw new ArgumentException($"expected a conv weight (O, C, k, k) and inChannels ≥ 1, got {weight.ShapeText} and {inChannels}", nameof(weight));
        }

        int o = weight.Shape[0], c = weight.Shape[1], kk = weight.Shape[2] * weight.Shape[3];
        var values = new float[o * inChannels * kk];
        for (var f = 0; f < o; f++)
        {
            for (var j = 0; j < kk; j++)
            {
                if (inChannels == 1)
                {
                    float sum = 0;
                    for (var ch = 0; ch < c; ch++)
                    {
                        sum += weight.Values[(((f * c) + ch) * kk) + j];
                    }

                    values[(f * kk) + j] = sum;
                }
                else
                {
                    for (var ch = 0; ch < inChannels; ch++)
                    {
                        values[(((f * inChannels) + ch) * kk) + j] = weight.Values[(((f * c) + (ch % c)) * kk) + j] * c / inChannels;
                    }
                }
            }
        }

        return new WeightTensor([o, inChannels, weight.Shape[2], weight.Shape[3]], values);
    }

    /// <summary>
    /// Loads <paramref name="pretrained"/> into <paramref name="model"/> (built from <paramref name="entry"/>): the
    /// first convolution is adapted when its input channels differ, and head parameters (under
    /// <see cref="ModelEntry.Head"/>) whose shapes differ are left at their fresh initialisation (head
    /// replacement). Every other parameter must be present with its shape. Returns the keys not loaded.
    /// </summary>
    public static LoadResult LoadPretrained(Module model, ModelEntry entry, WeightDict pretrained)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(pretrained);
        var target = model.StateDict();
        var adapted = new WeightDict();
        var skipped = new List<string>();
        foreach (var (name, w) in pretrained)
        {
            if (!target.TryGetValue(name, out var t))
            {
                adapted.Add(name, w);
                continue;
            }

            var weight = w;
            if (name == entry.FirstConv && w.Shape.Length == 4 && t.Shape.Length == 4 && w.Shape[1] != t.Shape[1])
            {
                weight = AdaptFirstConv(w, t.Shape[1]);
            }

            if (IsHead(name, entry) && !weight.Shape.AsSpan().SequenceEqual(t.Shape))
            {
                skipped.Add(name);
                continue;
            }

            adapted.Add(name, weight);
        }

        var result = model.LoadStateDict(adapted, strict: false);
        var missing = result.MissingKeys.Where(k => !IsHead(k, entry)).ToList();
        if (missing.Count > 0 || result.UnexpectedKeys.Count > 0)
        {
            throw new ArgumentException(
                $"pretrained weights do not fit {entry.Name}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", result.UnexpectedKeys)}]",
                nameof(pretrained));
        }

        return new LoadResult([.. result.MissingKeys.Union(skipped)], []);
    }

    private static bool IsHead(string name, ModelEntry entry) =>
        name.StartsWith(entry.Head + ".", StringComparison.Ordinal);
}
