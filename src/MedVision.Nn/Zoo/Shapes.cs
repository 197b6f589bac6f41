namespace MedVision.Nn.Zoo;

/// <summary>Output sizes of convolution and pooling, to size flatten → dense layers for any input.</summary>
internal static class Shapes
{
    /// <summary>⌊(n + 2p − k)/s⌋ + 1, or with ceil mode ⌈…⌉ + 1 (dropping a last window that starts in the padding, as PyTorch).</summary>
    public static int Out(int n, int kernel, int stride, int padding = 0, bool ceil = false)
    {
        var span = n + (2 * padding) - kernel;
        if (span < 0)
        {
            throw new ArgumentException($"input of size {n} is smaller than a kernel of {kernel} with padding {padding}");
        }

        var o = (ceil ? (span + stride - 1) / stride : span / stride) + 1;
        if (ceil && (o - 1) * stride >= n + padding)
        {
            o--;
        }

        return o;
    }
}
