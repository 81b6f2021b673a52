using System.Runtime.CompilerServices;

namespace Aurora.Instrumentation.Tests.Lazy;

/// <summary>After a success the lazies drop their factory, so whatever its closure captured can be collected.</summary>
public sealed class FactoryReleaseTests
{
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_background_load_releases_its_factory_after_success()
    {
        var (load, factory) = StartLoad();
        await load.GetValueAsync().WaitAsync(Hang);

        Assert.False(load.Core.HoldsFactory);
        AssertCollected(factory);
        GC.KeepAlive(load);
    }

    [Fact]
    public async Task An_async_lazy_releases_its_factory_after_success_but_keeps_it_while_retry_may_need_it()
    {
        var attempts = 0;
        var (store, factory) = CreateAsyncLazy(() => ++attempts == 1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.GetValueAsync().WaitAsync(Hang));
        Assert.True(store.Core.HoldsFactory);

        await store.GetValueAsync().WaitAsync(Hang);
        Assert.False(store.Core.HoldsFactory);
        AssertCollected(factory);
        GC.KeepAlive(store);
    }

    [Fact]
    public void A_lazy_releases_its_factory_after_success()
    {
        var (config, factory) = CreateLazy();
        Assert.Equal(16, config.Value.Length);

        Assert.False(config.HoldsFactory);
        AssertCollected(factory);
        GC.KeepAlive(config);
    }

    private static void AssertCollected(WeakReference factory)
    {
        for (var i = 0; i < 5 && factory.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.False(factory.IsAlive);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (BackgroundLoad<int> Load, WeakReference Factory) StartLoad()
    {
        var captured = new byte[16];
        Func<CancellationToken, Task<int>> factory = _ => Task.FromResult(captured.Length);
        return (BackgroundLoad.Start(factory), new WeakReference(factory));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (StartupAsyncLazy<int> Lazy, WeakReference Factory) CreateAsyncLazy(Func<bool> fail)
    {
        var captured = new byte[16];
        Func<CancellationToken, Task<int>> factory = _ => fail() ? throw new InvalidOperationException("first attempt") : Task.FromResult(captured.Length);
        return (new StartupAsyncLazy<int>(factory, new StartupLazyOptions { RetryOnFailure = true }), new WeakReference(factory));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (StartupLazy<byte[]> Lazy, WeakReference Factory) CreateLazy()
    {
        var captured = new byte[16];
        Func<byte[]> factory = () => captured;
        return (new StartupLazy<byte[]>(factory), new WeakReference(factory));
    }
}
