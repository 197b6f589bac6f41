using System.Globalization;
using MedVision.Nn.Weights;
using MedVision.Nn.Zoo;

namespace MedVision.Nn.Onnx;

/// <summary>
/// Imports the weights of a ResNet saved as ONNX into a zoo ResNet under torchvision's parameter names, by following
/// the graph: the stem Conv → BatchNormalization → Relu → MaxPool, then residual blocks (a chain of Conv → BN → Relu
/// units ending in an Add with the block input or with a 1×1 Conv → BN downsample branch, then Relu), then
/// AveragePool or GlobalAveragePool, optionally Flatten → Gemm (<c>fc</c>); Identity nodes on an initializer (which
/// <c>torch.onnx.export</c> writes for equal folded weights) stand for it. A block whose main chain has a stride
/// starts the next stage (<c>layer1</c> … <c>layer4</c>). Every attribute the mapping relies on is checked against
/// the target layer (kernel, stride, dilation, group, padding, batch-norm epsilon) and every shape against the
/// target parameter; BatchNormalization's scale, B, mean and var become <c>weight</c>, <c>bias</c>,
/// <c>running_mean</c>, <c>running_var</c>. A convolution without a following BatchNormalization (batch norm folded
/// into its bias, as <c>torch.onnx.export</c> writes in eval mode) gets an identity batch norm: weight 1, bias = the
/// convolution's bias, mean 0, var 1 − eps, so (x − 0)/√(1 − eps + eps)·1 + b = x + b exactly.
/// Padding: ONNX may pad less at the end than at the start (CNTK writes [1, 1, 0, 0] for 3×3/2); one row and column
/// less at the bottom and right is accepted for stride-2 layers, which gives torchvision's symmetric result when
/// every stride-2 layer's input has an even size (height and width multiples of 32), and a note says so.
/// </summary>
public static class OnnxImport
{
    /// <summary>The operators a ResNet graph may use.</summary>
    public static IReadOnlyList<string> SupportedOps { get; } =
        ["Conv", "BatchNormalization", "Relu", "Add", "MaxPool", "AveragePool", "GlobalAveragePool", "Flatten", "Gemm", "Identity"];

    /// <summary>Reads <paramref name="path"/> and imports it into the zoo architecture <paramref name="architecture"/>.</summary>
    /// <exception cref="OnnxFormatException">The file is malformed or does not fit the architecture; the message names it.</exception>
    public static OnnxImportResult Import(string path, string architecture = "resnet18-mlnet") =>
        Import(OnnxReader.Read(path), ModelZoo.Get(architecture));

    /// <summary>Imports <paramref name="model"/> into the zoo architecture <paramref name="entry"/>.</summary>
    /// <exception cref="OnnxFormatException">The graph does not fit the architecture; the message names the file and the layer.</exception>
    public static OnnxImportResult Import(OnnxModel model, ModelEntry entry)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(entry);
        var walk = new Walk(model);
        walk.Run();
        return walk.Finish(entry);
    }

    private sealed class Walk
    {
        private readonly OnnxModel _model;
        private readonly OnnxGraph _graph;
        private readonly string _source;
        private readonly Dictionary<string, List<OnnxNode>> _consumers = new(StringComparer.Ordinal);
        private readonly Dictionary<string, WeightTensor> _constants = new(StringComparer.Ordinal);
        private readonly HashSet<OnnxNode> _visited = new(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<string, (WeightTensor Tensor, string From)> _mapped = new(StringComparer.Ordinal);
        private readonly List<Action<IReadOnlyDictionary<string, Module>>> _checks = [];
        private readonly List<string> _shortEndPads = [];
        private readonly List<int> _blocks = [];
        private readonly List<string> _notes = [];
        private int _chainLength;
        private bool _folded;
        private bool _hasHead;
        private bool _hasMaxPool;
        private int _pooledChannels;

        public Walk(OnnxModel model)
        {
            _model = model;
            _graph = model.Graph;
            _source = model.Source;
            foreach (var (name, tensor) in _graph.Initializers)
            {
                _constants[name] = tensor;
            }

            foreach (var node in _graph.Nodes)
            {
                // torch.onnx.export shares equal folded weights through Identity nodes on an initializer.
                if (node is { OpType: "Identity", Inputs: [var alias], Outputs: [var output] } && _constants.TryGetValue(alias, out var constant))
                {
                    _constants[output] = constant;
                    _visited.Add(node);
                    continue;
                }

                foreach (var input in node.Inputs.Where(i => i.Length > 0))
                {
                    if (!_consumers.TryGetValue(input, out var list))
                    {
                        _consumers[input] = list = [];
                    }

                    list.Add(node);
                }
            }
        }

        public void Run()
        {
            var unsupported = _graph.Nodes.Where(n => (n.Domain.Length > 0 && n.Domain != "ai.onnx") || !SupportedOps.Contains(n.OpType))
                .Select(n => n.Domain.Length > 0 ? $"{n.Domain}.{n.OpType}" : n.OpType).Distinct().ToList();
            if (unsupported.Count > 0)
            {
                throw Error($"unsupported operators {string.Join(", ", unsupported)}; a ResNet graph is imported from {string.Join(", ", SupportedOps)}");
            }

            if (_graph.Inputs.Count != 1)
            {
                throw Error($"the graph has {_graph.Inputs.Count} data inputs ({string.Join(", ", _graph.Inputs.Select(i => i.Name))}); a ResNet has one image input");
            }

            // Stem: conv1 → bn1 → ReLU → max-pool (absent in the small variant).
            var x = Single(Unit(Single(_graph.Inputs[0].Name, "Conv"), "conv1", "bn1"), "Relu").Outputs[0];
            if (Consumers(x) is [{ OpType: "MaxPool" } pool])
            {
                _visited.Add(pool);
                _hasMaxPool = true;
                CheckPool(pool, "maxpool");
                x = pool.Outputs[0];
            }

            // _blocks holds the blocks of each stage so far; a strided block opens the next stage (layer2–4 start with stride 2).
            _blocks.Add(0);
            while (Consumers(x) is not [{ OpType: "AveragePool" or "GlobalAveragePool" }])
            {
                var (chain, downsample) = Discover(x);
                if (chain.Max(c => c.Ints("strides")?.Max() ?? 1) > 1 && _blocks[^1] > 0)
                {
                    _blocks.Add(0);
                }

                x = MapBlock(x, chain, downsample, $"layer{_blocks.Count}.{_blocks[^1]}");
                _blocks[^1]++;
            }

            x = Head(Consumers(x)[0]);
            var unvisited = _graph.Nodes.Where(n => !_visited.Contains(n)).Select(n => n.Label).ToList();
            if (unvisited.Count > 0)
            {
                throw Error($"{unvisited.Count} nodes are not on the ResNet path: {string.Join(", ", unvisited.Take(5))}{(unvisited.Count > 5 ? ", …" : string.Empty)}");
            }

            if (!_graph.Outputs.Any(o => o.Name == x))
            {
                throw Error($"the graph's output is not the ResNet's last value '{x}'");
            }
        }

        /// <summary>The main chain of convolutions and the downsample convolution (or null) of the block on <paramref name="x"/>.</summary>
        private (List<OnnxNode> Chain, OnnxNode? Downsample) Discover(string x)
        {
            var users = Consumers(x);
            var convs = users.Where(n => n.OpType == "Conv").ToList();
            var adds = users.Count(n => n.OpType == "Add");
            if (convs.Count is < 1 or > 2 || convs.Count + adds != users.Count || (convs.Count == 2) == (adds == 1))
            {
                throw Error($"'{x}' feeds [{string.Join(", ", users.Select(n => n.Label))}]; a residual block starts with a Conv and either the identity Add or a downsample Conv");
            }

            // The downsample branch is the convolution whose unit goes straight into the block's Add.
            var downsample = convs.Count == 2 ? convs.FirstOrDefault(IsShortcut) : null;
            var node = convs.First(c => c != downsample);
            var chain = new List<OnnxNode> { node };
            while (!IsShortcut(node))
            {
                node = Only(Only(UnitOutput(node), "Relu").Outputs[0], "Conv");
                if (chain.Contains(node) || chain.Count == 3)
                {
                    throw Error($"the block on '{x}' is not a chain of two (basic) or three (bottleneck) convolutions");
                }

                chain.Add(node);
            }

            return (chain, downsample);
        }

        /// <summary>Maps one residual block on <paramref name="x"/> onto <paramref name="prefix"/>; returns its output (after the final Relu).</summary>
        private string MapBlock(string x, List<OnnxNode> chain, OnnxNode? downsample, string prefix)
        {
            if (_chainLength != 0 && _chainLength != chain.Count)
            {
                throw Error($"blocks of {_chainLength} and of {chain.Count} convolutions are mixed");
            }

            _chainLength = chain.Count;
            var value = x;
            for (var i = 0; i < chain.Count; i++)
            {
                value = Unit(chain[i], $"{prefix}.conv{i + 1}", $"{prefix}.bn{i + 1}");
                if (i < chain.Count - 1)
                {
                    value = Single(value, "Relu").Outputs[0];
                }
            }

            var skip = downsample is null ? x : Unit(downsample, $"{prefix}.downsample.0", $"{prefix}.downsample.1");
            var add = Single(value, "Add");
            if (add.Inputs.Count != 2 || !add.Inputs.Contains(skip) || !add.Inputs.Contains(value))
            {
                throw Error($"{add.Label} adds [{string.Join(", ", add.Inputs)}]; block {prefix} needs its main branch '{value}' plus '{skip}'");
            }

            return Single(add.Outputs[0], "Relu").Outputs[0];
        }

        private bool IsShortcut(OnnxNode conv) => Consumers(UnitOutput(conv)) is [{ OpType: "Add" }];

        /// <summary>The value a Conv unit ends in: the BatchNormalization after it, or the Conv itself when folded.</summary>
        private string UnitOutput(OnnxNode conv) =>
            Consumers(conv.Outputs[0]) is [{ OpType: "BatchNormalization" } bn] ? bn.Outputs[0] : conv.Outputs[0];

        /// <summary>Maps a Conv (and its BatchNormalization, or an identity batch norm when folded) onto <paramref name="convName"/> and <paramref name="bnName"/>.</summary>
        private string Unit(OnnxNode conv, string convName, string bnName)
        {
            _visited.Add(conv);
            if (conv.Inputs.Count is < 2 or > 3)
            {
                throw Error($"{conv.Label} has {conv.Inputs.Count} inputs; a Conv has X, W and an optional B");
            }

            var weight = Initializer(conv, 1, "W");
            var bias = conv.Inputs.Count == 3 && conv.Inputs[2].Length > 0 ? Initializer(conv, 2, "B") : null;
            if (weight.Shape.Length != 4)
            {
                throw Error($"{conv.Label} weight '{conv.Inputs[1]}' has shape {weight.ShapeText}; a 2-D convolution has (out, in, kH, kW)");
            }

            Map($"{convName}.weight", weight, $"{conv.Inputs[1]} ({conv.Label} W)");
            CheckConv(conv, convName, weight);
            var output = conv.Outputs[0];
            var channels = weight.Shape[0];
            _pooledChannels = channels;
            if (Consumers(output) is [{ OpType: "BatchNormalization" } bn])
            {
                _visited.Add(bn);
                if (bn.Inputs.Count != 5)
                {
                    throw Error($"{bn.Label} has {bn.Inputs.Count} inputs; BatchNormalization needs X, scale, B, mean and var");
                }

                if (bn.Int("spatial", 1) != 1)
                {
                    throw Error($"{bn.Label} has spatial = {bn.Int("spatial", 1)}; only per-channel batch norm (spatial = 1) maps onto BatchNorm2d");
                }

                var mean = Initializer(bn, 3, "mean");
                if (bias is not null)
                {
                    // BN(x + b) with mean μ is BN(x) with mean μ − b.
                    mean = new WeightTensor(mean.Shape, [.. mean.Values.Select((m, i) => i < bias.Count ? m - bias.Values[i] : m)]);
                    _notes.Add($"{convName}: the convolution's bias is folded into {bnName}.running_mean");
                }

                Map($"{bnName}.weight", Initializer(bn, 1, "scale"), $"{bn.Inputs[1]} ({bn.Label} scale)");
                Map($"{bnName}.bias", Initializer(bn, 2, "B"), $"{bn.Inputs[2]} ({bn.Label} B)");
                Map($"{bnName}.running_mean", mean, $"{bn.Inputs[3]} ({bn.Label} mean{(bias is null ? string.Empty : " − conv bias")})");
                Map($"{bnName}.running_var", Initializer(bn, 4, "var"), $"{bn.Inputs[4]} ({bn.Label} var)");
                var epsilon = bn.Float("epsilon", 1e-5f);
                _checks.Add(modules =>
                {
                    if (modules.TryGetValue(bnName, out var m) && m is BatchNorm target && epsilon != (float)target.Eps)
                    {
                        throw Error($"{bn.Label} has epsilon {epsilon.ToString(CultureInfo.InvariantCulture)}; {bnName} uses {target.Eps.ToString(CultureInfo.InvariantCulture)}");
                    }
                });
                return bn.Outputs[0];
            }

            // Batch norm folded into the convolution: an identity batch norm that adds the bias.
            _folded = true;
            var from = $"{conv.Label}: batch norm folded into the convolution";
            _checks.Add(modules =>
            {
                if (modules.TryGetValue(bnName, out var m) && m is BatchNorm target)
                {
                    var eps = (float)target.Eps;
                    Map($"{bnName}.weight", new WeightTensor([channels], [.. Enumerable.Repeat(1f, channels)]), $"{from}, 1");
                    Map($"{bnName}.bias", bias ?? new WeightTensor([channels], new float[channels]), bias is null ? $"{from}, 0" : $"{conv.Inputs[2]} ({conv.Label} B)");
                    Map($"{bnName}.running_mean", new WeightTensor([channels], new float[channels]), $"{from}, 0");
                    Map($"{bnName}.running_var", new WeightTensor([channels], [.. Enumerable.Repeat(1f - eps, channels)]), $"{from}, 1 − eps");
                }
            });
            return output;
        }

        private void CheckConv(OnnxNode conv, string name, WeightTensor weight)
        {
            var kernel = conv.Ints("kernel_shape") ?? [weight.Shape[2], weight.Shape[3]];
            var strides = conv.Ints("strides") ?? [1, 1];
            var dilations = conv.Ints("dilations") ?? [1, 1];
            var pads = conv.Ints("pads") ?? [0, 0, 0, 0];
            var group = conv.Int("group", 1);
            var autoPad = conv.Text("auto_pad", "NOTSET");
            if (kernel.Count != 2 || kernel[0] != weight.Shape[2] || kernel[1] != weight.Shape[3] || strides.Count != 2 || dilations.Count != 2 || pads.Count != 4)
            {
                throw Error($"{conv.Label}: kernel_shape [{string.Join(", ", kernel)}], strides, dilations and pads must describe a 2-D convolution with weight {weight.ShapeText}");
            }

            if (autoPad != "NOTSET")
            {
                throw Error($"{conv.Label} has auto_pad {autoPad}; explicit pads (auto_pad NOTSET) are imported");
            }

            _checks.Add(modules =>
            {
                if (!modules.TryGetValue(name, out var m) || m is not Conv2d target)
                {
                    return;
                }

                var o = target.Options;
                var what = $"{conv.Label} (kernel [{string.Join(", ", kernel)}], strides [{string.Join(", ", strides)}], dilations [{string.Join(", ", dilations)}], group {group}) does not match {name} (kernel {target.KernelSize}, stride {o.Stride.H}, dilation {o.Dilation.H}, groups {o.Groups})";
                if (kernel[0] != target.KernelSize || kernel[1] != target.KernelSize || strides[0] != o.Stride.H || strides[1] != o.Stride.W
                    || dilations[0] != o.Dilation.H || dilations[1] != o.Dilation.W || group != o.Groups)
                {
                    throw Error(what);
                }

                CheckPads(conv, name, pads, (int)strides[0], o.Padding);
            });
        }

        private void CheckPool(OnnxNode pool, string name)
        {
            var kernel = pool.Ints("kernel_shape") ?? [];
            var strides = pool.Ints("strides") ?? [1, 1];
            var pads = pool.Ints("pads") ?? [0, 0, 0, 0];
            if (pool.Text("auto_pad", "NOTSET") != "NOTSET" || pool.Int("ceil_mode", 0) != 0 || (pool.Ints("dilations") ?? [1, 1]).Any(d => d != 1)
                || kernel.Count != 2 || strides.Count != 2 || pads.Count != 4)
            {
                throw Error($"{pool.Label}: a 2-D max-pool with explicit pads, no dilation and floor rounding is imported");
            }

            _checks.Add(modules =>
            {
                if (!modules.TryGetValue(name, out var m) || m is not MaxPool2d target)
                {
                    throw Error($"{pool.Label} has no counterpart: the architecture has no max-pool after its stem");
                }

                var o = target.Options;
                var stride = o.Stride ?? o.Kernel;
                if (kernel[0] != o.Kernel.H || kernel[1] != o.Kernel.W || strides[0] != stride.H || strides[1] != stride.W)
                {
                    throw Error($"{pool.Label} (kernel [{string.Join(", ", kernel)}], strides [{string.Join(", ", strides)}]) does not match {name} (kernel {o.Kernel.H}, stride {stride.H})");
                }

                CheckPads(pool, name, pads, (int)strides[0], o.Padding);
            });
        }

        /// <summary>Begin pads must equal the target's padding; end pads may be one less for a stride-2 layer.</summary>
        private void CheckPads(OnnxNode node, string name, IReadOnlyList<long> pads, int stride, (int H, int W) padding)
        {
            bool Fits(long begin, long end, int p) => begin == p && (end == p || (stride == 2 && end == p - 1));
            if (!Fits(pads[0], pads[2], padding.H) || !Fits(pads[1], pads[3], padding.W))
            {
                throw Error($"{node.Label} has pads [{string.Join(", ", pads)}] (top, left, bottom, right); {name} pads {padding.H} on every side (one less at the end is accepted at stride 2)");
            }

            if (pads[2] != padding.H || pads[3] != padding.W)
            {
                _shortEndPads.Add(name);
            }
        }

        /// <summary>The pooling node and what follows it; returns the graph's last value.</summary>
        private string Head(OnnxNode pool)
        {
            _visited.Add(pool);
            if (pool.OpType == "AveragePool")
            {
                var kernel = pool.Ints("kernel_shape") ?? [];
                if ((pool.Ints("pads") ?? [0, 0, 0, 0]).Any(p => p != 0) || pool.Text("auto_pad", "NOTSET") != "NOTSET")
                {
                    throw Error($"{pool.Label}: the final average pool must not pad");
                }

                _notes.Add($"the file averages {string.Join("×", kernel)} windows ({pool.Label}) where the network pools globally: the same for {string.Join("×", kernel.Select(k => k * 32))} inputs");
            }

            var value = pool.Outputs[0];
            if (Consumers(value) is [{ OpType: "Flatten" } flatten])
            {
                _visited.Add(flatten);
                if (flatten.Int("axis", 1) != 1)
                {
                    throw Error($"{flatten.Label} has axis {flatten.Int("axis", 1)}; the pooled (N, C, 1, 1) features flatten at axis 1");
                }

                value = flatten.Outputs[0];
            }

            if (Consumers(value) is [{ OpType: "Gemm" } gemm])
            {
                _visited.Add(gemm);
                if (gemm.Inputs.Count != 3 || gemm.Inputs[0] != value || gemm.Int("transA", 0) != 0 || gemm.Float("alpha", 1) != 1 || gemm.Float("beta", 1) != 1)
                {
                    throw Error($"{gemm.Label}: fc must be Gemm(features, W, B) with transA 0, alpha 1, beta 1");
                }

                var w = Initializer(gemm, 1, "B");
                var b = Initializer(gemm, 2, "C");
                if (w.Shape.Length != 2)
                {
                    throw Error($"{gemm.Label} weight '{gemm.Inputs[1]}' has shape {w.ShapeText}; fc needs a matrix");
                }

                if (gemm.Int("transB", 0) == 0)
                {
                    // Gemm without transB holds W as (in, out); Linear keeps (out, in).
                    int rows = w.Shape[0], cols = w.Shape[1];
                    var t = new float[w.Count];
                    for (var i = 0; i < rows; i++)
                    {
                        for (var j = 0; j < cols; j++)
                        {
                            t[(j * rows) + i] = w.Values[(i * cols) + j];
                        }
                    }

                    w = new WeightTensor([cols, rows], t);
                }

                Map("fc.weight", w, $"{gemm.Inputs[1]} ({gemm.Label} B{(gemm.Int("transB", 0) == 0 ? ", transposed" : string.Empty)})");
                Map("fc.bias", b, $"{gemm.Inputs[2]} ({gemm.Label} C)");
                _hasHead = true;
                value = gemm.Outputs[0];
            }

            return value;
        }

        public OnnxImportResult Finish(ModelEntry entry)
        {
            var inChannels = _mapped["conv1.weight"].Tensor.Shape[1];
            var outputs = _mapped.TryGetValue("fc.weight", out var fc) ? fc.Tensor.Shape[0] : 1;
            var target = entry.Build(new ModelSpec { InChannels = inChannels, Height = entry.DefaultInput.Height, Width = entry.DefaultInput.Width, Outputs = outputs });
            var modules = target.NamedModules().ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
            if (!_hasMaxPool && modules.ContainsKey("maxpool"))
            {
                throw Error($"the graph has no max-pool after its stem; {entry.Name} has one");
            }

            foreach (var check in _checks)
            {
                check(modules);
            }

            var state = target.StateDict();
            var headPrefix = entry.Head + ".";
            var unexpected = _mapped.Keys.Where(k => !state.Contains(k)).ToList();
            var missing = state.Names.Where(k => !_mapped.ContainsKey(k) && !k.EndsWith(".num_batches_tracked", StringComparison.Ordinal) && !k.StartsWith(headPrefix, StringComparison.Ordinal)).ToList();
            if (unexpected.Count > 0 || missing.Count > 0)
            {
                throw Error($"the graph is a ResNet with [{string.Join(", ", _blocks)}] {BlockKind} blocks per stage, which does not fit {entry.Name} ([{string.Join(", ", StageBlocks(state))}]): "
                    + $"unexpected [{string.Join(", ", unexpected.Take(6))}{(unexpected.Count > 6 ? ", …" : string.Empty)}], missing [{string.Join(", ", missing.Take(6))}{(missing.Count > 6 ? ", …" : string.Empty)}]");
            }

            var weights = new WeightDict();
            var mapped = new List<OnnxMapping>();
            foreach (var (name, t) in state)
            {
                if (_mapped.TryGetValue(name, out var m))
                {
                    if (!m.Tensor.Shape.AsSpan().SequenceEqual(t.Shape))
                    {
                        throw Error($"{name} has shape {t.ShapeText} in {entry.Name} but {m.From} has {m.Tensor.ShapeText}");
                    }

                    weights.Add(name, m.Tensor);
                    mapped.Add(new OnnxMapping(name, m.From));
                }
                else if (name.EndsWith(".num_batches_tracked", StringComparison.Ordinal))
                {
                    weights.Add(name, t);
                }
            }

            if (_shortEndPads.Count > 0)
            {
                _notes.Add($"{string.Join(", ", _shortEndPads)} pad one row and column less at the bottom and right than torchvision: identical results when height and width are multiples of 32");
            }

            if (_folded)
            {
                _notes.Add("batch norm is folded into the convolutions' biases: unfolded as identity batch norms (weight 1, bias = conv bias, mean 0, var 1 − eps)");
            }

            var head = _hasHead
                ? $"fc {outputs}×{_pooledChannels}"
                : "no fc (head left at its initialisation)";
            var holds = $"a ResNet with [{string.Join(", ", _blocks)}] {BlockKind} blocks{(_folded ? ", batch norm folded" : " and batch norm")} ({_model.ProducerName} {_model.ProducerVersion}, IR {_model.IrVersion}): {_pooledChannels}-d pooled features, {head}";
            return new OnnxImportResult(_source, entry.Name, weights, mapped, [.. _blocks], _hasHead, _folded, holds, [.. _notes]);
        }

        private string BlockKind => _chainLength == 3 ? "bottleneck" : "basic";

        private static IEnumerable<int> StageBlocks(WeightDict state) =>
            Enumerable.Range(1, 4).Select(s => state.Names.Count(k => k.StartsWith($"layer{s}.", StringComparison.Ordinal) && k.EndsWith(".conv1.weight", StringComparison.Ordinal)));

        private void Map(string name, WeightTensor tensor, string from)
        {
            if (!_mapped.TryAdd(name, (tensor, from)))
            {
                throw Error($"{name} is mapped twice ({_mapped[name].From} and {from})");
            }
        }

        private WeightTensor Initializer(OnnxNode node, int index, string role) =>
            node.Inputs.Count > index && _constants.TryGetValue(node.Inputs[index], out var t)
                ? t
                : throw Error($"{node.Label} input {role} '{(node.Inputs.Count > index ? node.Inputs[index] : string.Empty)}' is not an initializer; weights computed in the graph are not imported");

        private List<OnnxNode> Consumers(string value) => _consumers.TryGetValue(value, out var list) ? list : [];

        /// <summary>The one node that reads <paramref name="value"/>, which must be a <paramref name="op"/>.</summary>
        private OnnxNode Only(string value, string op) =>
            Consumers(value) is [var node] && node.OpType == op
                ? node
                : throw Error($"'{value}' feeds [{string.Join(", ", Consumers(value).Select(n => n.Label))}]; the ResNet structure needs exactly one {op} there");

        /// <summary><see cref="Only"/>, marking the node as mapped; a node reached twice means the graph is no chain.</summary>
        private OnnxNode Single(string value, string op)
        {
            var node = Only(value, op);
            return op == "Conv" || _visited.Add(node) ? node : throw Error($"{node.Label} is reached twice: the graph is not a ResNet chain");
        }

        private OnnxFormatException Error(string message) => new(_source, message);
    }
}
