using MedVision.Tensors;
using MedVision.Tensors.Autograd;

namespace MedVision.Nn.Zoo;

/// <summary>
/// A Keras-style summary of a model (as <c>model.summary()</c> / torchinfo): every leaf layer in execution
/// order with its output shape for one input and its parameter count, plus totals.
/// </summary>
public sealed record ModelSummary(IReadOnlyList<SummaryRow> Rows, long TotalParameters, long TrainableParameters)
{
    /// <summary>
    /// Runs <paramref name="model"/> once in evaluation mode without gradients on a zero input of shape
    /// (1, C, H, W) = <paramref name="inputShape"/> and records each leaf layer's output. The model's mode is restored.
    /// </summary>
    public static ModelSummary Describe(Module model, IReadOnlyList<int> inputShape)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(inputShape);
        var rows = new List<SummaryRow>();
        var handles = new List<ForwardHookHandle>();
        foreach (var (name, module) in model.NamedModules().Where(m => m.Value.NamedChildren().Count == 0))
        {
            var own = module.NamedParameters().Sum(p => (long)p.Value.Length);
            handles.Add(module.RegisterForwardHook((m, _, output) => rows.Add(new SummaryRow(name, m.GetType().Name, output.ShapeArray(), own)), holdsTensors: false));
        }

        var training = model.Training;
        model.Eval();
        try
        {
            using (GradMode.NoGrad())
            {
                model.Forward(Tensor.Zeros([1, .. inputShape]));
            }
        }
        finally
        {
            handles.ForEach(h => h.Remove());
            model.Train(training);
        }

        return new ModelSummary(rows, model.ParameterCount(), model.ParameterCount(trainableOnly: true));
    }
}
