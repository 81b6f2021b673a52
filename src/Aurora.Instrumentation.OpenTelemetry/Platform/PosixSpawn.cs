using System.Runtime.InteropServices;
using Aurora.Instrumentation.Internal;

namespace Aurora.Instrumentation.OpenTelemetry.Platform;

/// <summary>
/// Starts a detached background process with libc's <c>posix_spawn</c> (none of the functions used is variadic): its
/// own session (no terminal, no signal from the user's Ctrl-C), standard input and output on <c>/dev/null</c> (a
/// caller waiting for the app's output is never kept waiting by it), no inherited descriptors (<c>closefrom</c> where
/// glibc has it; .NET opens everything close-on-exec anyway), default signal dispositions and an empty signal mask.
/// glibc's <c>posix_spawn</c> suspends the calling thread until the child has called <c>execve</c>: a child started
/// in the idle scheduling class (<c>idle</c>) may keep it waiting on a busy machine, so only a background thread asks
/// for that; the exiting app's thread starts a normal child, which lowers its own priority (<see cref="ProcessPriority"/>).
/// 64-bit Linux only (<see cref="LibC"/>).
/// </summary>
internal static unsafe class PosixSpawn
{
    // glibc's and musl's posix_spawnattr flags.
    private const short SetSignalDefaults = 0x04;
    private const short SetSignalMask = 0x08;
    private const short SetScheduler = 0x20;
    private const short SetSession = 0x80;
    private const int IdleScheduling = 5; // SCHED_IDLE
    private const int ReadOnly = 0;
    private const int WriteOnly = 1;

    // Opaque libc structures: posix_spawnattr_t is 336 bytes in glibc, posix_spawn_file_actions_t 80; room to spare.
    private const int AttributesSize = 1024;
    private const int FileActionsSize = 512;
    private const int SignalSetSize = 128;

    private static readonly nint s_spawn = LibC.Find("posix_spawn");
    private static readonly nint s_actionsInit = LibC.Find("posix_spawn_file_actions_init");
    private static readonly nint s_actionsOpen = LibC.Find("posix_spawn_file_actions_addopen");
    private static readonly nint s_actionsDuplicate = LibC.Find("posix_spawn_file_actions_adddup2");
    private static readonly nint s_actionsCloseFrom = LibC.Find("posix_spawn_file_actions_addclosefrom_np");
    private static readonly nint s_actionsChangeDirectory = LibC.Find("posix_spawn_file_actions_addchdir_np");
    private static readonly nint s_actionsDestroy = LibC.Find("posix_spawn_file_actions_destroy");
    private static readonly nint s_attributesInit = LibC.Find("posix_spawnattr_init");
    private static readonly nint s_attributesFlags = LibC.Find("posix_spawnattr_setflags");
    private static readonly nint s_attributesMask = LibC.Find("posix_spawnattr_setsigmask");
    private static readonly nint s_attributesDefaults = LibC.Find("posix_spawnattr_setsigdefault");
    private static readonly nint s_attributesPolicy = LibC.Find("posix_spawnattr_setschedpolicy");
    private static readonly nint s_attributesParameter = LibC.Find("posix_spawnattr_setschedparam");
    private static readonly nint s_attributesDestroy = LibC.Find("posix_spawnattr_destroy");
    private static readonly nint s_environ = LibC.Find("environ");

    /// <summary>Whether this process can spawn a detached child (64-bit Linux with every function found).</summary>
    public static bool IsAvailable
        => s_spawn != 0 && s_actionsInit != 0 && s_actionsOpen != 0 && s_actionsDestroy != 0 && s_attributesInit != 0
            && s_attributesFlags != 0 && s_attributesMask != 0 && s_attributesDefaults != 0 && s_attributesDestroy != 0
            && s_environ != 0 && s_actionsDuplicate != 0 && s_attributesPolicy != 0 && s_attributesParameter != 0;

    /// <summary>The process's environment block (<c>environ</c>): NUL-terminated <c>NAME=value</c> strings, then a null pointer.</summary>
    public static byte** Environment => s_environ == 0 ? null : *(byte***)s_environ;

    /// <summary>Starts <paramref name="path"/> detached. All strings NUL-terminated; arrays null-terminated.</summary>
    /// <param name="path">The executable.</param>
    /// <param name="argv">Its arguments.</param>
    /// <param name="envp">Its environment.</param>
    /// <param name="workingDirectory">Its working directory, or null for this process's.</param>
    /// <param name="inherited">A descriptor of this process the child gets as its descriptor 3 (the read end of a pipe), or -1.</param>
    /// <param name="idle">Start it in the idle scheduling class (the calling thread may wait for it: a background thread only).</param>
    /// <returns>The child's pid, or -1.</returns>
    /// <remarks>
    /// No try/finally around the libc calls: ReadyToRun does not precompile a method with an unmanaged call inside an
    /// exception handling region, and this runs on the exiting app's thread, where a JIT compilation is what it costs.
    /// Nothing here throws; every exit path frees what it allocated.
    /// </remarks>
    public static int Spawn(byte* path, byte** argv, byte** envp, byte* workingDirectory, int inherited, bool idle)
    {
        if (!IsAvailable)
        {
            return -1;
        }

        var actions = (byte*)NativeMemory.AllocZeroed(FileActionsSize);
        var attributes = (byte*)NativeMemory.AllocZeroed(AttributesSize);
        var signals = (byte*)NativeMemory.AllocZeroed(SignalSetSize);
        var pid = -1;
        if (((delegate* unmanaged<byte*, int>)s_actionsInit)(actions) == 0)
        {
            if (((delegate* unmanaged<byte*, int>)s_attributesInit)(attributes) == 0)
            {
                if (Describe(actions, attributes, signals, workingDirectory, inherited, idle))
                {
                    int child;
                    if (((delegate* unmanaged<int*, byte*, byte*, byte*, byte**, byte**, int>)s_spawn)(&child, path, actions, attributes, argv, envp) == 0)
                    {
                        pid = child;
                    }
                }

                _ = ((delegate* unmanaged<byte*, int>)s_attributesDestroy)(attributes);
            }

            _ = ((delegate* unmanaged<byte*, int>)s_actionsDestroy)(actions);
        }

        NativeMemory.Free(signals);
        NativeMemory.Free(attributes);
        NativeMemory.Free(actions);
        return pid;
    }

    /// <summary>Fills in the file actions and attributes of a detached child; false when libc refused one of them.</summary>
    private static bool Describe(byte* actions, byte* attributes, byte* signals, byte* workingDirectory, int inherited, bool idle)
    {
        var open = (delegate* unmanaged<byte*, int, byte*, int, int, int>)s_actionsOpen;
        fixed (byte* devNull = "/dev/null\0"u8)
        {
            if (open(actions, 0, devNull, ReadOnly, 0) != 0 || open(actions, 1, devNull, WriteOnly, 0) != 0 || open(actions, 2, devNull, WriteOnly, 0) != 0)
            {
                return false;
            }
        }

        // dup2 onto 3 clears close-on-exec on the copy: the child gets exactly that one descriptor beyond stdio.
        if (inherited >= 0 && ((delegate* unmanaged<byte*, int, int, int>)s_actionsDuplicate)(actions, inherited, 3) != 0)
        {
            return false;
        }

        if (s_actionsCloseFrom != 0)
        {
            _ = ((delegate* unmanaged<byte*, int, int>)s_actionsCloseFrom)(actions, inherited >= 0 ? 4 : 3);
        }

        if (workingDirectory is not null && s_actionsChangeDirectory != 0)
        {
            _ = ((delegate* unmanaged<byte*, byte*, int>)s_actionsChangeDirectory)(actions, workingDirectory);
        }

        // An empty mask (signals was allocated zeroed), then every signal back to its default disposition. (A plain
        // loop: NativeMemory.Fill goes through a generic span helper that is not precompiled.)
        _ = ((delegate* unmanaged<byte*, byte*, int>)s_attributesMask)(attributes, signals);
        for (var i = 0; i < SignalSetSize / sizeof(ulong); i++)
        {
            ((ulong*)signals)[i] = ulong.MaxValue;
        }

        _ = ((delegate* unmanaged<byte*, byte*, int>)s_attributesDefaults)(attributes, signals);
        var flags = SetSession | SetSignalMask | SetSignalDefaults;
        if (idle)
        {
            var priority = 0; // struct sched_param { int sched_priority; }: 0 for SCHED_IDLE
            if (((delegate* unmanaged<byte*, int, int>)s_attributesPolicy)(attributes, IdleScheduling) == 0
                && ((delegate* unmanaged<byte*, int*, int>)s_attributesParameter)(attributes, &priority) == 0)
            {
                flags |= SetScheduler;
            }
        }

        return ((delegate* unmanaged<byte*, short, int>)s_attributesFlags)(attributes, (short)flags) == 0;
    }
}
