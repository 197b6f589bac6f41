using System.Globalization;
using System.Text.Json;
using MedVision.Nn.Weights;

namespace MedVision.Nn.Optim;

/// <summary>
/// Base of the optimisers (PyTorch <c>torch.optim.Optimizer</c>): parameter groups with their own rates,
/// <see cref="ZeroGrad"/>, <see cref="Step"/> over every parameter that has a gradient, and per-parameter state
/// (moment buffers, step counts) that <see cref="StateDict"/> saves for checkpoints. Updates are written in
/// place into each parameter's data in float32, in PyTorch's order of operations.
/// </summary>
public abstract class Optimizer
{
    private readonly List<ParamGroup> _groups;
    private readonly Dictionary<Parameter, ParamState> _state = new(ReferenceEqualityComparer.Instance);

    protected Optimizer(IEnumerable<ParamGroup> groups, double lr, double weightDecay, double momentum)
    {
        ArgumentNullException.ThrowIfNull(groups);
        _groups = [.. groups];
        if (_groups.Count == 0 || _groups.All(g => g.Parameters.Count == 0))
        {
            throw new ArgumentException("an optimiser needs at least one parameter, got an empty list", nameof(groups));
        }

        if (!(lr >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(lr), lr, $"lr must be ≥ 0, got {lr}");
        }

        var seen = new HashSet<Parameter>(ReferenceEqualityComparer.Instance);
        foreach (var g in _groups)
        {
            g.Lr = g.RequestedLr ?? lr;
            g.InitialLr = g.Lr;
            g.WeightDecay = g.RequestedWeightDecay ?? weightDecay;
            g.Momentum = momentum;
            if (g.Parameters.Any(p => !seen.Add(p)))
            {
                throw new ArgumentException("a parameter appears in more than one group", nameof(groups));
            }
        }
    }

    /// <summary>The parameter groups; schedules set their <see cref="ParamGroup.Lr"/> and <see cref="ParamGroup.Momentum"/>.</summary>
    public IReadOnlyList<ParamGroup> ParamGroups => _groups;

    /// <summary>Clears every parameter's gradient (PyTorch <c>zero_grad(set_to_none=True)</c>).</summary>
    public void ZeroGrad()
    {
        foreach (var p in _groups.SelectMany(g => g.Parameters))
        {
            p.ZeroGrad();
        }
    }

    /// <summary>
    /// Clears every parameter's gradient and gives its storage back to the tensor pool for the next backward pass
    /// (<see cref="MedVision.Tensors.Tensor.ReleaseGrad"/>); a gradient tensor still referenced throws when read.
    /// </summary>
    public void ReleaseGrads()
    {
        foreach (var p in _groups.SelectMany(g => g.Parameters))
        {
            p.ReleaseGrad();
        }
    }

    /// <summary>Applies one update to every parameter that has a gradient; frozen or unused parameters are skipped.</summary>
    public void Step()
    {
        foreach (var g in _groups)
        {
            foreach (var p in g.Parameters)
            {
                if (p.Grad is null)
                {
                    continue;
                }

                if (!_state.TryGetValue(p, out var state))
                {
                    state = new ParamState();
                    _state[p] = state;
                }

                state.Step++;
                Update(g, p.Data, p.Grad.Data, state);
            }
        }
    }

    /// <summary>One update of parameter data <paramref name="p"/> with gradient <paramref name="grad"/>.</summary>
    protected abstract void Update(ParamGroup group, Span<float> p, ReadOnlySpan<float> grad, ParamState state);

    /// <summary>
    /// The optimiser state as weights: <c>state.I.NAME</c> for each buffer of the I-th parameter (counted over
    /// all groups, as PyTorch numbers them) and <c>state.I.step</c>; group hyperparameters go to metadata
    /// <c>param_groups</c> as JSON. Save it with <see cref="SafeTensors"/> beside the model.
    /// </summary>
    public WeightDict StateDict()
    {
        var result = new WeightDict();
        var index = 0;
        foreach (var p in _groups.SelectMany(g => g.Parameters))
        {
            if (_state.TryGetValue(p, out var state))
            {
                result.Add(FormattableString.Invariant($"state.{index}.step"), [], [state.Step]);
                foreach (var (name, buffer) in state.Buffers)
                {
                    result.Add(FormattableString.Invariant($"state.{index}.{name}"), p.ShapeArray(), (float[])buffer.Clone());
                }
            }

            index++;
        }

        result.Metadata["param_groups"] = JsonSerializer.Serialize(_groups.Select(g => new Dictionary<string, double>
        {
            ["lr"] = g.Lr,
            ["initial_lr"] = g.InitialLr,
            ["weight_decay"] = g.WeightDecay,
            ["momentum"] = g.Momentum,
        }));
        return result;
    }

    /// <summary>Restores what <see cref="StateDict"/> saved, for an optimiser over the same parameters in the same order.</summary>
    public void LoadStateDict(WeightDict state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var parameters = _groups.SelectMany(g => g.Parameters).ToList();
        if (state.Metadata.TryGetValue("param_groups", out var json))
        {
            var groups = JsonSerializer.Deserialize<List<Dictionary<string, double>>>(json)
                ?? throw new ArgumentException("param_groups metadata is empty", nameof(state));
            if (groups.Count != _groups.Count)
            {
                throw new ArgumentException($"state has {groups.Count} parameter groups, the optimiser {_groups.Count}", nameof(state));
            }

            for (var i = 0; i < groups.Count; i++)
            {
                _groups[i].Lr = groups[i]["lr"];
                _groups[i].InitialLr = groups[i]["initial_lr"];
                _groups[i].WeightDecay = groups[i]["weight_decay"];
                _groups[i].Momentum = groups[i]["momentum"];
            }
        }

        _state.Clear();
        foreach (var (key, tensor) in state)
        {
            var parts = key.Split('.', 3);
            if (parts.Length != 3 || parts[0] != "state" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var i) || i >= parameters.Count)
            {
                throw new ArgumentException($"unexpected optimiser state key '{key}'", nameof(state));
            }

            var p = parameters[i];
            if (!_state.TryGetValue(p, out var s))
            {
                s = new ParamState();
                _state[p] = s;
            }

            if (parts[2] == "step")
            {
                s.Step = (long)tensor.Values[0];
            }
            else if (tensor.Count != p.Length)
            {
                throw new ArgumentException($"'{key}' holds {tensor.Count} values, the parameter {p.Length}", nameof(state));
            }
            else
            {
                s.Buffers[parts[2]] = (float[])tensor.Values.Clone();
            }
        }
    }
}
