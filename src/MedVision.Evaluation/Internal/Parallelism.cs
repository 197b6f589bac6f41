using System.Runtime.ExceptionServices;

namespace MedVision.Evaluation;

/// <summary>Parallel loops that surface the first failure itself (not wrapped in an AggregateException).</summary>
internal static class Parallelism
{
    public static void For(int count, int maxDegreeOfParallelism, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, body);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>Parallel loop with per-thread state from <paramref name="init"/>.</summary>
    public static void For<TLocal>(int count, int maxDegreeOfParallelism, Func<TLocal> init, Action<int, TLocal> body)
    {
        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, init, (i, _, local) =>
            {
                body(i, local);
                return local;
            }, _ => { });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            throw;
        }
    }
}
