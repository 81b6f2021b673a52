using Aurora.Cli.Tests.Infrastructure;
using Aurora.Instrumentation.Tests.Support;

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
    private readonly SpecialFiles _files;

    public HostileScene(TempDirectory root)
    {
        _root = root;
        _files = new SpecialFiles(root.Path);
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

    public string Fifo(string name) => _files.Fifo(name);

    /// <summary>A listening unix socket, open for the whole run.</summary>
    public string Socket(string name) => _files.Socket(name);

    /// <summary><c>name</c> → <c>name.other</c> → <c>name</c>.</summary>
    public string LinkLoop(string name) => _files.LinkLoop(name);

    public string Link(string name, string target) => _files.Link(name, target);

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

        return _files.Device(name);
    }

    /// <summary>A tmpfs of <paramref name="size"/> mounted in the scene (root with CAP_SYS_ADMIN), unmounted at dispose.</summary>
    public string? TinyFileSystem(string name, string size, bool readOnly = false)
    {
        if (!IsRoot)
        {
            Skip("mounting a tmpfs needs root (the test runs as " + System.Environment.UserName + ")");
            return null;
        }

        var path = _files.Mount(name, size, readOnly, out var whyNot);
        if (path is null)
        {
            Skip("cannot mount a tmpfs here (" + whyNot + ")");
        }

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

        SpecialFiles.Run("chown", "-h", uid.ToString(System.Globalization.CultureInfo.InvariantCulture), path);
        return true;
    }

    public void Dispose()
    {
        _files.Dispose();
        _root.Dispose();
    }
}
