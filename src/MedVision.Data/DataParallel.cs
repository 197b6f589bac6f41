using System.Runtime.ExceptionServices;

namespace MedVision.Data;

/// <summary>Parallel loops of data loading whose failures surface as the first typed error (a format error naming the file), not an <see cref="AggregateException"/>.</summary>
internal static class DataParallel
{
    public static void For(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException e)
        {
            ExceptionDispatchInfo.Capture(e.Flatten().InnerExceptions[0]).Throw();
            throw;
        }
    }
}
