using System.Diagnostics;
using System.Net.Sockets;
using Aurora.Cli.Tests.Infrastructure;

namespace Aurora.Cli.Tests.Hostile;

/// <summary>
/// One run's hostile surroundings: a fresh workspace copy as its root, the environment and arguments of the child,
/// the special files a case plants (FIFOs, sockets, devices, link loops, foreign owners, tiny or read-only file
/// systems) and what the runner must check afterwards (messages, secrets, bounded quotes, untouched paths).
/// A case that needs what this machine cannot give (root, mount) calls <see cref="Skip"/> with the reason.
/// </summary>
public sealed class HostileScene : IDisposable
{
    private readonly TempDirectory _root;
    private readonly List<IDisposable> _resources = [];
    private readonly List<string> _mounts = [];

    public HostileScene(TempDirectory root)
    {
        _root = root;
    }

    public string Root => _root.Path;

    public Dictionary<string, string> Environment { get; } = [];

    public List<string> Arguments { get; } = ["soar", "test query"];

    /// <summary>A umask for the child (e.g. <c>000</c>), applied by a shell that then execs it.</summary>
    public string? Umask { get; set; }

    /// <summary>Fragments standard error must contain (the variable or path named).</summary>
    public List<string> ErrorMentions { get; } = [];

    /// <summary>Fragments standard output must contain.</summary>
    public List<string> OutputMentions { get; } = [];

    /// <summary>Fragments standard error must not contain.</summary>
    public List<string> ErrorAbsent { get; } = [];

    /// <summary>Values that must appear nowhere: not in the output, not in any file under the root.</summary>
    public List<string> Secrets { get; } = [];

    /// <summary>Long hostile values: the output may quote at most 80 characters of each.</summary>
    public List<string> LongValues { get; } = [];

    /// <summary>Paths whose type, identity and contents must be the same after the run.</summary>
    public List<string> Untouched { get; } = [];

    /// <summary>Further checks on the world after the run: a description and a test.</summary>
    public List<(string What, Func<bool> Holds)> Checks { get; } = [];

    public string? SkipReason { get; private set; }

    public static bool IsRoot => OperatingSystem.IsLinux() && System.Environment.UserName == "root";

    public string Combine(params string[] parts) => _root.Combine(parts);

    public void Skip(string reason) => SkipReason ??= reason;

    public string Fifo(string name)
    {
        var path = Combine(name);
        Run("mkfifo", path);
        return path;
    }

    /// <summary>A listening unix socket, open for the whole run.</summary>
    public string Socket(string name)
    {
        var path = Combine(name);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen();
        _resources.Add(socket);
        return path;
    }

    /// <summary><c>name</c> → <c>name.other</c> → <c>name</c>.</summary>
    public string LinkLoop(string name)
    {
        var path = Combine(name);
        System.IO.File.CreateSymbolicLink(path, path + ".other");
        System.IO.File.CreateSymbolicLink(path + ".other", path);
        return path;
    }

    public string Link(string name, string target)
    {
        var path = Combine(name);
        System.IO.File.CreateSymbolicLink(path, target);
        return path;
    }

    public string Directory(string name) => System.IO.Directory.CreateDirectory(Combine(name)).FullName;

    public string File(string name, byte[] contents)
    {
        var path = Combine(name);
        System.IO.File.WriteAllBytes(path, contents);
        return path;
    }

    public string File(string name, string contents) => File(name, System.Text.Encoding.UTF8.GetBytes(contents));

    /// <summary>A sparse file that reports <paramref name="bytes"/> without using the disk.</summary>
    public string SparseFile(string name, long bytes)
    {
        var path = Combine(name);
        using var stream = new FileStream(path, FileMode.CreateNew);
        stream.SetLength(bytes);
        return path;
    }

    /// <summary>A character device like /dev/null (1:3) made with mknod in the scene, so no real device is ever at risk; root only.</summary>
    public string? CharacterDevice(string name)
    {
        if (!IsRoot)
        {
            Skip("mknod needs root (the test runs as " + System.Environment.UserName + ")");
            return null;
        }

        var path = Combine(name);
        Run("mknod", path, "c", "1", "3");
        return path;
    }

    /// <summary>A tmpfs of <paramref name="size"/> mounted in the scene (root with CAP_SYS_ADMIN), unmounted at dispose.</summary>
    public string? TinyFileSystem(string name, string size, bool readOnly = false)
    {
        var path = Directory(name);
        if (!IsRoot)
        {
            Skip("mounting a tmpfs needs root (the test runs as " + System.Environment.UserName + ")");
            return null;
        }

        if (TryRun("mount", "-t", "tmpfs", "-o", (readOnly ? "ro," : string.Empty) + "size=" + size, "tmpfs", path) is { } failure)
        {
            Skip("cannot mount a tmpfs here (" + failure + ")");
            return null;
        }

        _mounts.Add(path);
        return path;
    }

    /// <summary>Gives <paramref name="path"/> to another uid (root only).</summary>
    public bool GiveAway(string path, int uid = 4242)
    {
        if (!IsRoot)
        {
            Skip("chown to another uid needs root (the test runs as " + System.Environment.UserName + ")");
            return false;
        }

        Run("chown", "-h", uid.ToString(System.Globalization.CultureInfo.InvariantCulture), path);
        return true;
    }

    public void Dispose()
    {
        foreach (var resource in _resources)
        {
            resource.Dispose();
        }

        foreach (var mount in _mounts)
        {
            _ = TryRun("umount", "-l", mount);
        }

        _root.Dispose();
    }

    public static void Run(string command, params string[] args)
    {
        if (TryRun(command, args) is { } failure)
        {
            throw new InvalidOperationException(command + " " + string.Join(' ', args) + ": " + failure);
        }
    }

    /// <summary>Runs a setup command with a bound; <c>null</c> when it succeeded, else what went wrong.</summary>
    public static string? TryRun(string command, params string[] args) => Capture(command, args, out _);

    /// <summary>Runs a command with a bound and keeps its standard output; <c>null</c> when it succeeded, else what went wrong.</summary>
    public static string? Capture(string command, string[] args, out string output)
    {
        output = string.Empty;
        var start = new ProcessStartInfo(command) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            var standardOutput = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
            {
                process.Kill(entireProcessTree: true);
                return "did not finish within 20 s";
            }

            output = standardOutput.Result;
            return process.ExitCode == 0 ? null : "exit " + process.ExitCode + ": " + error.Result.Trim();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return ex.Message;
        }
    }
}
