namespace MedVision.Io;

/// <summary>
/// The checked allocation every reader uses for a buffer whose size comes from a file: the size is compared with
/// the budget (and the .NET array limit) before anything is allocated, and an <see cref="OutOfMemoryException"/>
/// from a large but legal allocation becomes the caller's typed error instead of ending the process.
/// </summary>
internal static class Buffers
{
    /// <summary>
    /// A zeroed array of <paramref name="count"/> elements, at most <paramref name="maxBytes"/> bytes in all;
    /// <paramref name="budget"/> names the option that sets the limit, for the message.
    /// </summary>
    public static T[] Allocate<T>(long count, long maxBytes, string budget, string field, Func<string, Exception> fail)
        where T : unmanaged
    {
        var size = System.Runtime.CompilerServices.Unsafe.SizeOf<T>();
        if (count < 0 || count > Array.MaxLength || count > maxBytes / size)
        {
            throw fail($"{field} needs {count} × {size} bytes, above the budget of {maxBytes} bytes ({budget})");
        }

        try
        {
            return typeof(T) == typeof(byte) ? GC.AllocateUninitializedArray<T>((int)count) : new T[count];
        }
        catch (OutOfMemoryException)
        {
            throw fail($"{field} needs {count * size} bytes, which could not be allocated (out of memory)");
        }
    }
}
