namespace MedVision.Nn.Optim;

/// <summary>An optimiser's memory for one parameter: the number of updates and named buffers of its size.</summary>
public sealed class ParamState
{
    /// <summary>Updates applied so far (PyTorch <c>state["step"]</c>), counting the current one during an update.</summary>
    public long Step { get; set; }

    /// <summary>Named buffers (<c>exp_avg</c>, <c>momentum_buffer</c>, …) in creation order.</summary>
    public Dictionary<string, float[]> Buffers { get; } = new(StringComparer.Ordinal);

    /// <summary>The buffer <paramref name="name"/>, created zero-filled with <paramref name="length"/> values on first use.</summary>
    public float[] Buffer(string name, int length, out bool created)
    {
        created = !Buffers.TryGetValue(name, out var buffer);
        if (buffer is null)
        {
            buffer = new float[length];
            Buffers[name] = buffer;
        }

        return buffer;
    }
}
