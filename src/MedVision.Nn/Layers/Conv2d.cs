using MedVision.Nn.Init;
using MedVision.Tensors;

namespace MedVision.Nn;

/// <summary>
/// 2-D convolution (PyTorch <c>nn.Conv2d</c>): x (N, C_in, H, W) → (N, C_out, H', W') with
/// H' = ⌊(H + 2·padding − dilation·(k − 1) − 1) / stride⌋ + 1. Parameters <c>weight</c> (C_out, C_in/groups, k, k)
/// and <c>bias</c> (C_out), initialised as PyTorch does (U(±1/√fan_in)).
/// </summary>
public sealed class Conv2d : Module
{
    /// <summary>A square-kernel convolution; <paramref name="generator"/> defaults to <see cref="Module.DefaultGenerator"/>.</summary>
    public Conv2d(int inChannels, int outChannels, int kernelSize, int stride = 1, int padding = 0, int dilation = 1,
        int groups = 1, bool bias = true, Generator? generator = null)
    {
        if (inChannels < 1 || outChannels < 1 || kernelSize < 1 || stride < 1 || padding < 0 || dilation < 1 || groups < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(inChannels),
                $"Conv2d needs channels, kernel, stride, dilation, groups ≥ 1 and padding ≥ 0, got in={inChannels} out={outChannels} k={kernelSize} stride={stride} padding={padding} dilation={dilation} groups={groups}");
        }

        if (inChannels % groups != 0 || outChannels % groups != 0)
        {
            throw new ArgumentException($"groups ({groups}) must divide inChannels ({inChannels}) and outChannels ({outChannels})", nameof(groups));
        }

        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Options = new Conv2dOptions { Stride = (stride, stride), Padding = (padding, padding), Dilation = (dilation, dilation), Groups = groups };
        int[] shape = [outChannels, inChannels / groups, kernelSize, kernelSize];
        Weight = RegisterParameter("weight", Parameter.Zeros(shape));
        if (bias)
        {
            Bias = RegisterParameter("bias", Parameter.Zeros(outChannels));
        }

        Initializers.DefaultLayer(Weight.Data, shape, Bias is null ? [] : Bias.Data, generator ?? DefaultGenerator);
    }

    public int InChannels { get; }

    public int OutChannels { get; }

    public int KernelSize { get; }

    /// <summary>Stride, padding, dilation and groups.</summary>
    public Conv2dOptions Options { get; }

    public Parameter Weight { get; }

    public Parameter? Bias { get; }

    protected override Tensor ForwardCore(Tensor input) => Ops.Conv2d(input, Weight, Bias, Options);
}
