namespace MedVision.Tensors.Tests;

/// <summary>Tests that change <see cref="Parallelism.Threads"/> run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ThreadSettingGroup
{
    public const string Name = "Parallelism.Threads";
}
