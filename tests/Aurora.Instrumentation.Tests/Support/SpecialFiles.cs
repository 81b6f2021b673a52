using System.Diagnostics;
using System.Net.Sockets;

namespace Aurora.Instrumentation.Tests.Support;

/// <summary>
/// A temporary directory to plant real special files in: FIFOs (mkfifo), listening unix sockets, symbolic link loops,
/// and as root a character device (mknod 1:3, so no real device is ever at risk) and tiny tmpfs mounts (unmounted at
/// dispose). Shared with the sample's hostile corpus (linked into Aurora.Cli.Tests).
/// </summary>
internal sealed class SpecialFiles : IDisposable
{
    private readonly List<IDisposable> _sockets = [];
    private readonly List<string> _mounts = [];
    private readonly bool _ownsRoot;

    public SpecialFiles()
    {
        Root = Directory.CreateTempSubdirectory("aurora-special-").FullName;
        _ownsRoot = true;
    }

    /// <summary>Plants in <paramref name="root"/>, which the caller keeps (and deletes).</summary>
    public SpecialFiles(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public static bool IsRoot => OperatingSystem.IsLinux() && Environment.UserName == "root";

    public string Path(string name) => System.IO.Path.Combine(Root, name);

    public string Kind(string kind) => kind switch
    {
        "regular" => File("regular", "{ \"commands\": {} }"),
        "empty" => File("empty", string.Empty),
        "directory" => Directory.CreateDirectory(Path("directory")).FullName,
        "fifo" => Fifo("fifo"),
        "socket" => Socket("socket"),
        "link-loop" => LinkLoop("loop"),
        "dangling-link" => Link("dangling", "no-such-file"),
        "link-to-regular" => Link("link", File("target", "{ \"commands\": {} }")),
        "link-to-fifo" => Link("link-fifo", Fifo("target-fifo")),
        "missing" => Path("missing"),
        "through-a-file" => System.IO.Path.Combine(File("plain", "x"), "below"),
        "device" => Device("device"),
        _ => kind, // an absolute path such as /dev/zero
    };

    public string File(string name, string contents)
    {
        var path = Path(name);
        System.IO.File.WriteAllText(path, contents);
        return path;
    }

    public string Fifo(string name)
    {
        var path = Path(name);
        Run("mkfifo", path);
        return path;
    }

    public string Socket(string name)
    {
        var path = Path(name);
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        socket.Listen();
        _sockets.Add(socket);
        return path;
    }

    public string LinkLoop(string name)
    {
        var path = Path(name);
        System.IO.File.CreateSymbolicLink(path, path + ".other");
        System.IO.File.CreateSymbolicLink(path + ".other", path);
        return path;
    }

    public string Link(string name, string target)
    {
        var path = Path(name);
        System.IO.File.CreateSymbolicLink(path, target);
        return path;
    }

    public string Device(string name)
    {
        var path = Path(name);
        Run("mknod", path, "c", "1", "3");
        return path;
    }

    /// <summary>A tmpfs of <paramref name="size"/>; <c>null</c> (and the reason) when it cannot be mounted here.</summary>
    public string? Mount(string name, string size, bool readOnly, out string? whyNot)
    {
        var path = Directory.CreateDirectory(Path(name)).FullName;
        whyNot = Try("mount", "-t", "tmpfs", "-o", (readOnly ? "ro," : string.Empty) + "size=" + size, "tmpfs", path);
        if (whyNot is not null)
        {
            return null;
        }

        _mounts.Add(path);
        return path;
    }

    /// <summary>The names in the directory (temporary files included: what a failed write must not leave).</summary>
    public static string[] Names(string directory) => [.. Directory.EnumerateFileSystemEntries(directory).Select(System.IO.Path.GetFileName).Order(StringComparer.Ordinal)!];

    public static void Run(string command, params string[] args)
    {
        if (Try(command, args) is { } failure)
        {
            throw new InvalidOperationException(command + ": " + failure);
        }
    }

    public void Dispose()
    {
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        foreach (var mount in _mounts)
        {
            _ = Try("umount", "-l", mount);
        }

        if (!_ownsRoot)
        {
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Runs a setup command with a bound; <c>null</c> when it succeeded, else what went wrong.</summary>
    public static string? Try(string command, params string[] args) => Capture(command, args, out _);

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

/// <summary>A fact that needs root (mknod, chown to another uid, mount): skipped, saying why, otherwise.</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!SpecialFiles.IsRoot)
        {
            Skip = "needs root on Linux (mknod, chown to another uid, mount); the tests run as " + Environment.UserName;
        }
    }
}

/// <summary>A theory that needs root: skipped, saying why, otherwise.</summary>
public sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        if (!SpecialFiles.IsRoot)
        {
            Skip = "needs root on Linux (mknod, chown to another uid, mount); the tests run as " + Environment.UserName;
        }
    }
}
