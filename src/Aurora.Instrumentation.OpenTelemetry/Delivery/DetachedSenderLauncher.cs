using System.Runtime.InteropServices;
using System.Text;
using Aurora.Instrumentation.OpenTelemetry.Platform;
using Aurora.Instrumentation.Internal;

namespace Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>
/// Starts the app itself again as a detached, idle-priority sender (<see cref="SenderProcess"/>): the same executable
/// (<c>/proc/self/exe</c>) and host arguments (for <c>dotnet app.dll</c>, the runtime options and the app's path) but
/// none of the app's own arguments, in the directory the app started in, with <c>AURORA_TELEMETRY_SENDER</c> naming the
/// destination folder. Under the JIT, <c>DOTNET_STARTUP_HOOKS</c> points at this package, so the sender runs before
/// the app's <c>Main</c> and exits: no app code runs in it. A Native AOT app has no startup hooks: there its
/// <c>AuroraTelemetry.Start</c>, the first statement of <c>Main</c>, becomes the sender and exits. A run starts its
/// sender early, from its export thread, in the idle CPU class, linked by a pipe (<see cref="TryLaunchWaiting"/>): the
/// exiting app then only closes its end. The exit starts one itself (<see cref="TryLaunch"/>) only when that did not
/// happen. 64-bit Linux only; elsewhere the run's export thread sends and the next run sends what is left.
/// </summary>
internal sealed unsafe class DetachedSenderLauncher : ISenderLauncher, IDisposable
{
    public const string HookVariable = "DOTNET_STARTUP_HOOKS";

    /// <summary>The descriptor a waiting sender reads its run's pipe from.</summary>
    public const int WaitDescriptor = 3;

    /// <summary>Variables the sender must not inherit: it must not wait for a profiler, write a trace, or run other hooks.</summary>
    private static readonly string[] s_withheld =
    [
        SenderProcess.MarkerVariable + "=", SenderProcess.WaitVariable + "=", HookVariable + "=", "DOTNET_DiagnosticPorts=", "DOTNET_DefaultDiagnosticPortSuspend=",
        "DOTNET_EnableEventPipe=", "COMPlus_DiagnosticPorts=", "COMPlus_DefaultDiagnosticPortSuspend=", "COMPlus_EnableEventPipe=",
    ];

    private static readonly byte[][] s_withheldBytes = Array.ConvertAll(s_withheld, static prefix => Encoding.ASCII.GetBytes(prefix));

    private readonly byte** _argv;
    private readonly byte* _workingDirectory;
    private readonly string? _hookAssembly;
    private readonly bool _idle;
    private int _disposed;

    private DetachedSenderLauncher(byte** argv, byte* workingDirectory, string? hookAssembly, bool idle)
    {
        _argv = argv;
        _workingDirectory = workingDirectory;
        _hookAssembly = hookAssembly;
        _idle = idle;
    }

    /// <summary>The launcher, or <c>null</c> where a detached sender cannot be started (not 64-bit Linux, no argv).</summary>
    /// <param name="idle">Start waiting senders in the idle CPU class (<c>AURORA_EXPORT_AFTER_EXIT=idle</c>).</param>
    public static DetachedSenderLauncher? TryCreate(bool idle)
    {
        if (!NativePipe.IsAvailable)
        {
            return null;
        }

        if (!PosixSpawn.IsAvailable)
        {
            return null;
        }

        var hostArguments = HostArguments();
        if (hostArguments is null)
        {
            return null;
        }

        return new DetachedSenderLauncher(NativeStrings(hostArguments), NativeString(Environment.CurrentDirectory), HookAssembly(), idle);
    }

    public bool TryLaunchWaiting(string destinationDirectory, Action<ISenderChannel> opened)
    {
        if (!NativePipe.TryCreate(out var readEnd, out var writeEnd))
        {
            return false;
        }

        var channel = new PipeSenderChannel(writeEnd);
        opened(channel);
        var started = Launch(destinationDirectory, readEnd, _idle);
        NativePipe.Close(readEnd); // the sender has its own copy
        if (!started)
        {
            channel.Close();
        }

        return started;
    }

    public bool TryLaunch(string destinationDirectory) => Launch(destinationDirectory, inherited: -1, idle: false);

    private bool Launch(string destinationDirectory, int inherited, bool idle)
    {
        if (Volatile.Read(ref _disposed) != 0)
        {
            return false;
        }

        // Plain arrays and native memory: a List of a struct (GCHandle) or a generic span helper is a JIT compilation
        // on the exiting thread even when everything else is precompiled.
        var marker = NativeString(SenderProcess.MarkerVariable + "=" + destinationDirectory);
        var hook = _hookAssembly is null ? null : NativeString(HookVariable + "=" + _hookAssembly);
        var wait = inherited < 0 ? null : NativeString(SenderProcess.WaitVariable + "=" + WaitDescriptor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var environment = PosixSpawn.Environment;
        var count = 0;
        for (var entry = environment; entry is not null && *entry is not null; entry++)
        {
            count++;
        }

        var envp = (byte**)NativeMemory.Alloc((nuint)(count + 4), (nuint)sizeof(byte*));
        var index = 0;
        envp[index++] = marker;
        if (hook is not null)
        {
            envp[index++] = hook;
        }

        if (wait is not null)
        {
            envp[index++] = wait;
        }

        for (var i = 0; i < count; i++)
        {
            if (!IsWithheld(environment[i]))
            {
                envp[index++] = environment[i];
            }
        }

        envp[index] = null;
        int pid;
        fixed (byte* self = "/proc/self/exe\0"u8)
        {
            pid = PosixSpawn.Spawn(self, _argv, envp, _workingDirectory, inherited, idle);
        }

        NativeMemory.Free(envp);
        NativeMemory.Free(marker);
        if (hook is not null)
        {
            NativeMemory.Free(hook);
        }

        if (wait is not null)
        {
            NativeMemory.Free(wait);
        }

        return pid > 0;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        for (var entry = _argv; *entry is not null; entry++)
        {
            NativeMemory.Free(*entry);
        }

        NativeMemory.Free(_argv);
        NativeMemory.Free(_workingDirectory);
    }

    /// <summary>/proc/self/cmdline without the app's own arguments (the last <c>GetCommandLineArgs().Length - 1</c>, checked).</summary>
    private static List<byte[]>? HostArguments()
    {
        var buffer = new byte[64 * 1024];
        var length = ProcFile.Read("/proc/self/cmdline\0"u8, buffer);
        if (length <= 0 || length == buffer.Length)
        {
            return null; // unreadable, or longer than we can reproduce
        }

        var all = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < length; i++)
        {
            if (buffer[i] == 0)
            {
                all.Add(buffer.AsSpan(start, i - start + 1).ToArray());
                start = i + 1;
            }
        }

        var appArguments = Environment.GetCommandLineArgs();
        var own = appArguments.Length - 1;
        if (own < 0 || all.Count <= own)
        {
            return null;
        }

        for (var i = 0; i < own; i++)
        {
            var expected = NulTerminated(appArguments[appArguments.Length - own + i]);
            if (!expected.AsSpan().SequenceEqual(all[all.Count - own + i]))
            {
                return null; // the command line is not what the runtime says: don't guess
            }
        }

        all.RemoveRange(all.Count - own, own);
        return all;
    }

    /// <summary>This assembly's file, for the startup hook; <c>null</c> in a single-file or Native AOT app, which has no file (and no hooks).</summary>
    [System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessage("SingleFile", "IL3000", Justification = "An empty location means no assembly file: then no startup hook is set and the app's AuroraTelemetry.Start becomes the sender.")]
    private static string? HookAssembly()
    {
        var location = typeof(DetachedSenderLauncher).Assembly.Location;
        return string.IsNullOrEmpty(location) ? null : location;
    }

    private static bool IsWithheld(byte* entry)
    {
        foreach (var prefix in s_withheldBytes)
        {
            var i = 0;
            while (i < prefix.Length && entry[i] == prefix[i])
            {
                i++;
            }

            if (i == prefix.Length)
            {
                return true;
            }
        }

        return false;
    }

    private static byte** NativeStrings(List<byte[]> strings)
    {
        var array = (byte**)NativeMemory.Alloc((nuint)(strings.Count + 1), (nuint)sizeof(byte*));
        for (var i = 0; i < strings.Count; i++)
        {
            array[i] = NativeCopy(strings[i]);
        }

        array[strings.Count] = null;
        return array;
    }

    private static byte* NativeString(string text) => NativeCopy(NulTerminated(text));

    private static byte* NativeCopy(byte[] bytes)
    {
        var native = (byte*)NativeMemory.Alloc((nuint)bytes.Length);
        fixed (byte* source = bytes)
        {
            NativeMemory.Copy(source, native, (nuint)bytes.Length);
        }

        return native;
    }

    private static byte[] NulTerminated(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        _ = Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
