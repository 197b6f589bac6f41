using MedVision.Nn.Weights;
using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>
/// Base of every layer and network (PyTorch <c>nn.Module</c>). A module registers its parameters, buffers and
/// child modules by name in construction order; names compose with dots (<c>layer1.0.conv1.weight</c>) exactly
/// as in PyTorch, so torchvision state dicts load by name. <see cref="Forward"/> runs the module's computation
/// and then its forward hooks. Modules start in training mode.
/// </summary>
public abstract class Module
{
    private static Generator _defaultGenerator = new(0);

    /// <summary>Forward hooks that may hold tensors, registered on any module and not removed: while there are some, <see cref="Consumed"/> recycles nothing.</summary>
    private static int _forwardHookCount;

    private readonly List<KeyValuePair<string, Parameter>> _parameters = [];
    private readonly List<KeyValuePair<string, Tensor>> _buffers = [];
    private readonly List<KeyValuePair<string, Module>> _children = [];
    private readonly List<Action<Module, Tensor, Tensor>> _forwardHooks = [];

    /// <summary>
    /// The generator layers draw their initial weights (and dropout masks) from when none is passed: seeded 0
    /// at start-up and reset by <see cref="ManualSeed"/> (PyTorch <c>torch.manual_seed</c>). Not thread-safe.
    /// </summary>
    public static Generator DefaultGenerator => _defaultGenerator;

    /// <summary>Reseeds <see cref="DefaultGenerator"/>, so that models built afterwards are reproducible.</summary>
    public static void ManualSeed(ulong seed) => _defaultGenerator = new Generator(seed);

    /// <summary>True in training mode (dropout active, batch norm uses and updates batch statistics).</summary>
    public bool Training { get; private set; } = true;

    /// <summary>True while a forward hook is registered on this module (a fused path must then produce its output apart).</summary>
    internal bool HasForwardHooks => _forwardHooks.Count > 0;

    /// <summary>Runs the module on <paramref name="input"/>, then the forward hooks with (module, input, output).</summary>
    public Tensor Forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var output = ForwardCore(input);
        foreach (var hook in _forwardHooks.ToArray())
        {
            hook(this, input, output);
        }

        return output;
    }

    /// <summary>The module's computation; called by <see cref="Forward"/>.</summary>
    protected abstract Tensor ForwardCore(Tensor input);

    /// <summary>
    /// Returns <paramref name="result"/>, the value computed from <paramref name="spent"/>, after giving
    /// <paramref name="spent"/>'s storage back to the pool when this is an inference pass
    /// (<see cref="TensorScope.Recycle"/>: no gradient recording, inside <c>TensorScope.Begin(everything: true)</c>) and
    /// no forward hook anywhere may have kept it. Forward passes chain their intermediates through it, as in
    /// <c>y = Consumed(y, Ops.Relu(y), input)</c>; <paramref name="input"/>, the module's own input, is never given back
    /// (its caller may use it again), nor is storage that <paramref name="result"/> shares.
    /// </summary>
    protected static Tensor Consumed(Tensor spent, Tensor result, Tensor input)
    {
        if (Volatile.Read(ref _forwardHookCount) == 0)
        {
            TensorScope.Recycle(spent, result, input);
        }

        return result;
    }

    /// <summary>Registers <paramref name="module"/> as child <paramref name="name"/> and returns it.</summary>
    protected T RegisterModule<T>(string name, T module)
        where T : Module
    {
        ArgumentNullException.ThrowIfNull(module);
        CheckName(name);
        _children.Add(new(name, module));
        return module;
    }

    /// <summary>Registers <paramref name="parameter"/> as <paramref name="name"/> and returns it.</summary>
    protected Parameter RegisterParameter(string name, Parameter parameter)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        CheckName(name);
        _parameters.Add(new(name, parameter));
        return parameter;
    }

    /// <summary>Registers a persistent non-trainable tensor (running statistics) as <paramref name="name"/>.</summary>
    protected Tensor RegisterBuffer(string name, Tensor buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        CheckName(name);
        _buffers.Add(new(name, buffer));
        return buffer;
    }

    /// <summary>Direct children with their names, in registration order.</summary>
    public IReadOnlyList<KeyValuePair<string, Module>> NamedChildren() => _children;

    /// <summary>This module and all below it, pre-order, with dotted names ("" for this one).</summary>
    public IEnumerable<KeyValuePair<string, Module>> NamedModules(string prefix = "")
    {
        yield return new(prefix, this);
        foreach (var (name, child) in _children)
        {
            foreach (var m in child.NamedModules(Join(prefix, name)))
            {
                yield return m;
            }
        }
    }

    /// <summary>The module at dotted <paramref name="path"/> ("" is this module); throws naming the path when absent.</summary>
    public Module GetSubmodule(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var module = this;
        foreach (var part in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            module = module._children.FirstOrDefault(c => c.Key == part).Value
                ?? throw new ArgumentException($"no submodule '{path}' (no child '{part}')", nameof(path));
        }

        return module;
    }

    /// <summary>All parameters with dotted names, module by module in pre-order (PyTorch <c>named_parameters</c>).</summary>
    public IEnumerable<KeyValuePair<string, Parameter>> NamedParameters()
    {
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, p) in module._parameters)
            {
                yield return new(Join(prefix, name), p);
            }
        }
    }

    /// <summary>All parameters (PyTorch <c>parameters()</c>).</summary>
    public IEnumerable<Parameter> Parameters() => NamedParameters().Select(p => p.Value);

    /// <summary>All buffers with dotted names (PyTorch <c>named_buffers</c>).</summary>
    public IEnumerable<KeyValuePair<string, Tensor>> NamedBuffers()
    {
        foreach (var (prefix, module) in NamedModules())
        {
            foreach (var (name, b) in module._buffers)
            {
                yield return new(Join(prefix, name), b);
            }
        }
    }

    /// <summary>Number of parameter elements; only those that require a gradient when <paramref name="trainableOnly"/>.</summary>
    public long ParameterCount(bool trainableOnly = false) =>
        Parameters().Where(p => !trainableOnly || p.RequiresGrad).Sum(p => (long)p.Length);

    /// <summary>Sets training (<paramref name="mode"/> true) or evaluation mode on this module and all below it.</summary>
    public Module Train(bool mode = true)
    {
        foreach (var (_, m) in NamedModules())
        {
            m.Training = mode;
        }

        return this;
    }

    /// <summary>Evaluation mode (PyTorch <c>eval()</c>): dropout off, batch norm uses running statistics.</summary>
    public Module Eval() => Train(false);

    /// <summary>
    /// A copy of every parameter and buffer by name, in PyTorch's <c>state_dict()</c> order (each module's
    /// parameters, then its buffers, then its children).
    /// </summary>
    public WeightDict StateDict()
    {
        var result = new WeightDict();
        foreach (var (name, tensor) in StateEntries())
        {
            result.Add(name, tensor.ShapeArray(), tensor.ToArray());
        }

        return result;
    }

    /// <summary>
    /// Copies <paramref name="weights"/> into the parameters and buffers of the same names. Shapes must match
    /// exactly (an error names the key and both shapes). With <paramref name="strict"/> (default) missing or
    /// unexpected keys are an error listing them; otherwise they are returned.
    /// </summary>
    public LoadResult LoadStateDict(WeightDict weights, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var entries = StateEntries().ToList();
        var expected = entries.Select(e => e.Key).ToHashSet(StringComparer.Ordinal);
        var missing = entries.Where(e => !weights.Contains(e.Key)).Select(e => e.Key).ToList();
        var unexpected = weights.Names.Where(n => !expected.Contains(n)).ToList();
        if (strict && (missing.Count > 0 || unexpected.Count > 0))
        {
            throw new ArgumentException(
                $"state dict does not match the module: missing keys [{string.Join(", ", missing)}], unexpected keys [{string.Join(", ", unexpected)}]",
                nameof(weights));
        }

        foreach (var (name, tensor) in entries)
        {
            if (!weights.TryGetValue(name, out var w))
            {
                continue;
            }

            if (!w.Shape.AsSpan().SequenceEqual(tensor.Shape) && !(w.Count == 1 && tensor.Length == 1))
            {
                throw new ArgumentException(
                    $"'{name}' has shape [{string.Join(", ", tensor.ShapeArray())}] in the module but {w.ShapeText} in the state dict",
                    nameof(weights));
            }
        }

        foreach (var (name, tensor) in entries)
        {
            if (weights.TryGetValue(name, out var w))
            {
                w.Values.AsSpan().CopyTo(tensor.Data);
            }
        }

        return new LoadResult(missing, unexpected);
    }

    /// <summary>
    /// Stops gradients for every parameter whose name starts with one of <paramref name="prefixes"/> (all
    /// parameters when none is given); returns how many were frozen. Frozen parameters keep their values.
    /// </summary>
    public int Freeze(params string[] prefixes) => SetRequiresGrad(false, prefixes);

    /// <summary>Re-enables gradients for parameters matching <paramref name="prefixes"/> (all when none); returns the count.</summary>
    public int Unfreeze(params string[] prefixes) => SetRequiresGrad(true, prefixes);

    /// <summary>
    /// Calls <paramref name="hook"/>(module, input, output) after every forward pass of this module (PyTorch
    /// <c>register_forward_hook</c>). Pass <paramref name="holdsTensors"/> false for a hook that only reads the
    /// tensors while it runs (their shapes, a pooled copy) and keeps neither them nor a view of them: inference
    /// passes then go on recycling intermediates (<see cref="Consumed"/>), which any other registered hook stops.
    /// </summary>
    public ForwardHookHandle RegisterForwardHook(Action<Module, Tensor, Tensor> hook, bool holdsTensors = true)
    {
        ArgumentNullException.ThrowIfNull(hook);
        _forwardHooks.Add(hook);
        if (holdsTensors)
        {
            Interlocked.Increment(ref _forwardHookCount);
        }

        return new ForwardHookHandle(() =>
        {
            if (_forwardHooks.Remove(hook) && holdsTensors)
            {
                Interlocked.Decrement(ref _forwardHookCount);
            }
        });
    }

    /// <summary>Starts capturing this module's output and the gradient flowing into it (Grad-CAM).</summary>
    public ForwardCapture CaptureOutput() => new(this);

    private IEnumerable<KeyValuePair<string, Tensor>> StateEntries(string prefix = "")
    {
        foreach (var (name, p) in _parameters)
        {
            yield return new(Join(prefix, name), p);
        }

        foreach (var (name, b) in _buffers)
        {
            yield return new(Join(prefix, name), b);
        }

        foreach (var (name, child) in _children)
        {
            foreach (var e in child.StateEntries(Join(prefix, name)))
            {
                yield return e;
            }
        }
    }

    private int SetRequiresGrad(bool value, string[] prefixes)
    {
        ArgumentNullException.ThrowIfNull(prefixes);
        var count = 0;
        foreach (var (name, p) in NamedParameters())
        {
            if (prefixes.Length == 0 || prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            {
                p.RequiresGrad = value;
                count++;
            }
        }

        return count;
    }

    private void CheckName(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (name.Contains('.', StringComparison.Ordinal))
        {
            throw new ArgumentException($"a registered name must not contain '.', got '{name}'", nameof(name));
        }

        if (_parameters.Any(p => p.Key == name) || _buffers.Any(b => b.Key == name) || _children.Any(c => c.Key == name))
        {
            throw new ArgumentException($"'{name}' is already registered on {GetType().Name}", nameof(name));
        }
    }

    private static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
