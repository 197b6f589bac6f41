namespace MedVision.Imaging.Augmentation;

/// <summary>Applies its steps in order with one random source (torchvision <c>transforms.Compose</c>).</summary>
public sealed class Compose : IAugmentation
{
    private readonly IAugmentation[] _steps;

    public Compose(params IAugmentation[] steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        _steps = [.. steps];
        for (var i = 0; i < _steps.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(_steps[i], $"steps[{i}]");
        }
    }

    /// <summary>The steps, in application order.</summary>
    public IReadOnlyList<IAugmentation> Steps => _steps;

    public Image Apply(Image image, Random random)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(random);
        foreach (var step in _steps)
        {
            image = step.Apply(image, random);
        }

        return image;
    }
}
