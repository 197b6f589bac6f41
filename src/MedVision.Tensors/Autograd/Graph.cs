using System.Numerics.Tensors;

namespace MedVision.Tensors.Autograd;

/// <summary>
/// The reverse-mode engine: recording an op's backward closure on its output, accumulating gradients into
/// inputs, and running a backward pass in reverse topological order.
/// </summary>
internal static class Graph
{
    /// <summary>True when an op on these inputs must be recorded (grad mode on and some input requires grad).</summary>
    public static bool ShouldRecord(Tensor a) => GradMode.IsEnabled && a.RequiresGrad;

    public static bool ShouldRecord(Tensor a, Tensor? b) => GradMode.IsEnabled && (a.RequiresGrad || (b?.RequiresGrad ?? false));

    public static bool ShouldRecord(Tensor a, Tensor? b, Tensor? c) =>
        GradMode.IsEnabled && (a.RequiresGrad || (b?.RequiresGrad ?? false) || (c?.RequiresGrad ?? false));

    public static bool ShouldRecord(IReadOnlyList<Tensor> inputs)
    {
        if (!GradMode.IsEnabled)
        {
            return false;
        }

        foreach (var t in inputs)
        {
            if (t.RequiresGrad)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Marks <paramref name="output"/> as produced by op <paramref name="name"/> with the given backward closure;
    /// <paramref name="release"/> runs when the graph is released (to give back pooled buffers the closure uses).
    /// </summary>
    public static Tensor Record(Tensor output, string name, Tensor?[] inputs, Action<Tensor> backward, Action? release = null)
    {
        var list = new List<Tensor>(inputs.Length);
        foreach (var t in inputs)
        {
            if (t is { RequiresGrad: true })
            {
                list.Add(t);
            }
        }

        output.GradFn = new Node(name, [.. list], backward, release);
        output.RequiresGrad = true;
        TensorScope.Register(output, inputs);
        return output;
    }

    /// <summary>
    /// Adds <paramref name="grad"/> (shape of <paramref name="target"/>) to <paramref name="target"/>'s pending gradient.
    /// With <paramref name="owned"/> the engine takes the gradient's storage (the caller keeps no reference to it);
    /// otherwise it copies when it has to keep it.
    /// </summary>
    public static void Accumulate(Tensor target, Tensor grad, bool owned)
    {
        if (!target.RequiresGrad)
        {
            if (owned)
            {
                StoragePool.Return(grad.Storage);
            }

            return;
        }

        if (target.PendingGrad is null)
        {
            if (owned && grad.Shape.SequenceEqual(target.Shape))
            {
                target.PendingGrad = grad;
            }
            else
            {
                var copy = StoragePool.Rent(target.Length);
                grad.Data.CopyTo(copy);
                target.PendingGrad = new Tensor(copy, target.ShapeArray());
                if (owned)
                {
                    StoragePool.Return(grad.Storage);
                }
            }
        }
        else
        {
            var pending = target.PendingGrad.Data;
            TensorPrimitives.Add(pending, grad.Data, pending);
            if (owned)
            {
                StoragePool.Return(grad.Storage);
            }
        }
    }

    /// <summary>Runs backward from <paramref name="root"/> with dL/d(root) = <paramref name="seed"/> (owned).</summary>
    public static void Run(Tensor root, Tensor seed, bool retainGraph)
    {
        var order = TopologicalOrder(root);
        root.PendingGrad = seed;

        // Backward rules are written with the public ops; nothing they compute is recorded.
        using var noGrad = GradMode.NoGrad();
        try
        {
            for (var i = order.Count - 1; i >= 0; i--)
            {
                var t = order[i];
                var g = t.PendingGrad;
                if (g is null)
                {
                    continue;
                }

                t.PendingGrad = null;
                var keep = t.OnGradient(g);
                if (t.GradFn is null)
                {
                    if (t.Grad is null)
                    {
                        t.Grad = keep ? g.Clone() : g;
                    }
                    else
                    {
                        TensorPrimitives.Add(t.Grad.Data, g.Data, t.Grad.Data);
                        if (!keep)
                        {
                            StoragePool.Return(g.Storage);
                        }
                    }

                    continue;
                }

                var backward = t.GradFn.Backward ?? throw new InvalidOperationException(
                    $"the graph through {t.GradFn.Name} was already released by an earlier Backward(); pass retainGraph: true to run backward twice");
                backward(g);
                if (!keep)
                {
                    StoragePool.Return(g.Storage);
                }
            }
        }
        finally
        {
            foreach (var t in order)
            {
                t.PendingGrad = null;
                if (!retainGraph)
                {
                    t.GradFn?.Release();
                }
            }
        }
    }

    /// <summary>Tensors reachable from <paramref name="root"/> through recorded ops, every input before its outputs.</summary>
    private static List<Tensor> TopologicalOrder(Tensor root)
    {
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Tensor, int Next)>();
        stack.Push((root, 0));
        visited.Add(root);
        while (stack.Count > 0)
        {
            var (t, next) = stack.Pop();
            var inputs = t.GradFn?.Inputs ?? [];
            if (next < inputs.Length)
            {
                stack.Push((t, next + 1));
                var child = inputs[next];
                if (visited.Add(child))
                {
                    stack.Push((child, 0));
                }
            }
            else
            {
                order.Add(t);
            }
        }

        return order;
    }
}
