namespace MedVision.Tensors.Tests;

/// <summary><see cref="Parallelism.Scope(int)"/>: a thread count for one flow of calls, which other flows do not see.</summary>
public sealed class ParallelismScopeTests
{
    [Fact]
    public void Scope_SetsTheCountOfItsFlow_NestsAndRestores()
    {
        var outside = Parallelism.Threads;
        using (Parallelism.Scope(3))
        {
            Assert.Equal(3, Parallelism.Threads);
            using (Parallelism.Scope(1))
            {
                Assert.Equal(1, Parallelism.Threads);
            }

            Assert.Equal(3, Parallelism.Threads);
        }

        Assert.Equal(outside, Parallelism.Threads);
    }

    [Fact]
    public async Task ConcurrentScopes_SeeOnlyTheirOwnCount_InTheTasksTheyStartToo()
    {
        var outside = Parallelism.Threads;
        using var bothOpen = new Barrier(2);
        int[] Run(int threads)
        {
            using var scope = Parallelism.Scope(threads);
            Assert.True(bothOpen.SignalAndWait(TimeSpan.FromSeconds(30)), "the other flow never opened its scope");
            // Read from this flow, from a task it starts and from the kernels' worker threads.
            var seen = new List<int> { Parallelism.Threads, Task.Run(() => Parallelism.Threads).GetAwaiter().GetResult() };
            var workers = new int[8];
            Parallelism.For(workers.Length, i => workers[i] = Parallelism.Threads);
            Assert.True(bothOpen.SignalAndWait(TimeSpan.FromSeconds(30)), "the other flow never finished reading");
            return [.. seen, .. workers];
        }

        var one = Task.Factory.StartNew(() => Run(1), TaskCreationOptions.LongRunning);
        var four = Task.Factory.StartNew(() => Run(4), TaskCreationOptions.LongRunning);
        Assert.All(await one, t => Assert.Equal(1, t));
        Assert.All(await four, t => Assert.Equal(4, t));
        Assert.Equal(outside, Parallelism.Threads);
    }

    [Fact]
    public void ScopeOfOneThread_RunsTheKernelLoopOnTheCallingThread()
    {
        var caller = Environment.CurrentManagedThreadId;
        var threads = new int[64];
        using (Parallelism.Scope(1))
        {
            Parallelism.For(threads.Length, i => threads[i] = Environment.CurrentManagedThreadId);
        }

        Assert.All(threads, t => Assert.Equal(caller, t));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    public void Scope_OfFewerThanOneThread_IsRefused(int threads)
    {
        var outside = Parallelism.Threads;
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => Parallelism.Scope(threads));
        Assert.Contains($"got {threads}", e.Message, StringComparison.Ordinal);
        Assert.Equal(outside, Parallelism.Threads);
    }
}
