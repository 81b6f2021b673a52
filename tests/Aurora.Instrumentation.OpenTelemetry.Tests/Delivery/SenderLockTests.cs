using Aurora.Instrumentation.OpenTelemetry.Delivery;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Delivery;

/// <summary>At most one sender per destination folder: an exclusive, non-blocking lock.</summary>
public sealed class SenderLockTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("aurora-lock-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void Of_two_acquisitions_only_the_first_holds_the_lock_until_it_lets_go()
    {
        var first = SenderLock.TryAcquire(_folder);
        Assert.NotNull(first);

        Assert.Null(SenderLock.TryAcquire(_folder));
        Assert.True(SenderLock.IsHeld(_folder));

        first.Dispose();
        first.Dispose(); // harmless twice
        Assert.False(SenderLock.IsHeld(_folder));
        using var second = SenderLock.TryAcquire(_folder);
        Assert.NotNull(second);
        Assert.True(SenderLock.IsHeld(_folder));
    }

    [Fact]
    public void Asking_whether_it_is_held_does_not_keep_it()
    {
        Assert.False(SenderLock.IsHeld(_folder));
        Assert.False(SenderLock.IsHeld(_folder));

        using var held = SenderLock.TryAcquire(_folder);
        Assert.NotNull(held);
    }

    [Fact]
    public void Each_folder_has_its_own_lock()
    {
        var other = Path.Combine(_folder, "other");
        Directory.CreateDirectory(other);

        using var here = SenderLock.TryAcquire(_folder);
        using var there = SenderLock.TryAcquire(other);

        Assert.NotNull(here);
        Assert.NotNull(there);
    }
}
