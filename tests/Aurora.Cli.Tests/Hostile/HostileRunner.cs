using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Aurora.Cli.Tests.Infrastructure;
using Aurora.Instrumentation.Tests.Support;

namespace Aurora.Cli.Tests.Hostile;

/// <summary>
/// Runs one <see cref="HostileCase"/> in a child process and judges it by the same rules for every row: it exits
/// within <see cref="RunBound"/> (a hang guard, never a speed assertion), with the documented exit code, without a
/// stack trace; its messages (stderr) name what they must and quote at most 80 characters of any hostile value; no temporary
/// file or secret is left anywhere under the scene; nothing marked untouched was replaced; and its peak resident memory
/// (VmHWM, sampled every 20 ms from /proc) stays under <see cref="PeakRssBoundKb"/>.
/// </summary>
public static partial class HostileRunner
{
    /// <summary>A sound run takes well under a second; the bound only tells a hang from a loaded machine.</summary>
    public static readonly TimeSpan RunBound = TimeSpan.FromSeconds(30);

    /// <summary>aur peaks around 60–100 MiB; the budget file's bound is 1 MiB. A read that trusted a device would grow to gigabytes.</summary>
    public const long PeakRssBoundKb = 400 * 1024;

    public const int MaxLineLength = 400;
    public const int MaxErrorLines = 60;

    /// <summary>The longest excerpt of a hostile value a message may show (the library's bound).</summary>
    public const int MaxQuoted = 80;

    /// <summary>
    /// The aur to attack: <c>AURORA_HOSTILE_AUR</c> (the package-built sample, as .ci/hostile builds it), else the
    /// sample built from the projects beside this test project.
    /// </summary>
    public static string AurDll => Environment.GetEnvironmentVariable("AURORA_HOSTILE_AUR") is { Length: > 0 } packaged ? packaged : AurRun.AurDll;

    public static async Task<HostileOutcome> RunAsync(HostileCase hostileCase, WorkspaceTemplate template, string aurDll)
    {
        using var scene = new HostileScene(template.CopyToNew());
        hostileCase.Arrange(scene);
        if (scene.SkipReason is { } reason)
        {
            return new HostileOutcome(hostileCase, reason, 0, 0, [], string.Empty);
        }

        var before = scene.Untouched.ToDictionary(path => path, Snapshot);
        var start = AurRun.StartInfo(aurDll, scene.Root, scene.Environment, scene.Arguments);
        if (scene.Umask is { } umask)
        {
            var host = start.FileName;
            var arguments = start.ArgumentList.ToList();
            start.FileName = "/bin/sh";
            start.ArgumentList.Clear();
            foreach (var arg in (string[])["-c", "umask " + umask + " && exec \"$@\"", "sh", host, .. arguments])
            {
                start.ArgumentList.Add(arg);
            }
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the child");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExitAsync();
        var clock = Stopwatch.StartNew();
        long peakKb = 0;
        while (!exited.IsCompleted && clock.Elapsed < RunBound)
        {
            peakKb = Math.Max(peakKb, PeakRssKb(process.Id));
            await Task.WhenAny(exited, Task.Delay(20));
        }

        var failures = new List<(HostileFailure, string)>();
        if (!exited.IsCompleted)
        {
            failures.Add((HostileFailure.Hang, "no exit within " + RunBound.TotalSeconds + " s"));
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var output = await stdout;
        var error = await stderr;
        if (peakKb > PeakRssBoundKb)
        {
            failures.Add((HostileFailure.Memory, "peak RSS " + (peakKb / 1024) + " MiB > " + (PeakRssBoundKb / 1024) + " MiB"));
        }

        if (exited.IsCompleted)
        {
            Judge(hostileCase, scene, process.ExitCode, output, error, before, failures);
        }

        return new HostileOutcome(hostileCase, null, exited.IsCompleted ? process.ExitCode : -1, peakKb, failures, error);
    }

    /// <summary>The totals a corpus run reports.</summary>
    public static string Summary(IReadOnlyCollection<HostileOutcome> outcomes)
    {
        var ran = outcomes.Where(o => !o.Skipped).ToList();
        int Count(HostileFailure kind) => ran.Count(o => o.Failures.Any(f => f.Kind == kind));
        return string.Create(CultureInfo.InvariantCulture,
            $"hostile corpus: {outcomes.Select(o => o.Case.Area + ": " + o.Case.Input).Distinct().Count()} inputs, {ran.Count} runs ({outcomes.Count - ran.Count} skipped), "
            + $"{Count(HostileFailure.Hang)} hangs, {Count(HostileFailure.Crash)} crashes, {Count(HostileFailure.Leak)} leaks, "
            + $"{Count(HostileFailure.Memory)} memory blow-ups, {Count(HostileFailure.Damage)} damaged files, {Count(HostileFailure.Unbounded)} unbounded messages, "
            + $"{Count(HostileFailure.Wrong)} wrong exit codes or messages; peak RSS max {(ran.Count == 0 ? 0 : ran.Max(o => o.PeakRssKb) / 1024)} MiB");
    }

    private static void Judge(HostileCase hostileCase, HostileScene scene, int exitCode, string output, string error, Dictionary<string, string> before, List<(HostileFailure, string)> failures)
    {
        if (error.Contains("Unhandled exception", StringComparison.Ordinal) || StackFrame().IsMatch(error) || StackFrame().IsMatch(output))
        {
            failures.Add((HostileFailure.Crash, "a stack trace reached the output"));
        }
        else if (exitCode == 70 || exitCode > 128)
        {
            failures.Add((HostileFailure.Crash, "exit " + exitCode));
        }
        else if (exitCode != hostileCase.ExitCode)
        {
            failures.Add((HostileFailure.Wrong, "exit " + exitCode + ", documented " + hostileCase.ExitCode));
        }

        foreach (var mention in scene.ErrorMentions.Where(m => !error.Contains(m, StringComparison.Ordinal)))
        {
            failures.Add((HostileFailure.Wrong, "stderr does not name " + Show(mention)));
        }

        foreach (var mention in scene.OutputMentions.Where(m => !output.Contains(m, StringComparison.Ordinal)))
        {
            failures.Add((HostileFailure.Wrong, "stdout does not contain " + Show(mention)));
        }

        foreach (var absent in scene.ErrorAbsent.Where(m => error.Contains(m, StringComparison.Ordinal)))
        {
            failures.Add((HostileFailure.Wrong, "stderr says " + Show(absent)));
        }

        var lines = error.Split('\n');
        if (lines.Length > MaxErrorLines || lines.Any(line => line.Length > MaxLineLength))
        {
            failures.Add((HostileFailure.Unbounded, lines.Length + " stderr lines, the longest " + lines.Max(line => line.Length) + " characters"));
        }

        foreach (var value in scene.LongValues)
        {
            var head = value[..(MaxQuoted + 1)];
            var tail = value[^(MaxQuoted + 1)..];
            // Messages go to stderr; stdout is the app's (a valid TRACESTATE is rightly propagated into the exported spans there).
            if (error.Contains(head, StringComparison.Ordinal) || error.Contains(tail, StringComparison.Ordinal))
            {
                failures.Add((HostileFailure.Unbounded, "more than " + MaxQuoted + " characters of a " + value.Length + "-character value quoted"));
            }
        }

        foreach (var secret in scene.Secrets)
        {
            if (output.Contains(secret, StringComparison.Ordinal) || error.Contains(secret, StringComparison.Ordinal) || FileContaining(scene.Root, secret) is not null)
            {
                failures.Add((HostileFailure.Leak, "a secret value appears in the output or in " + (FileContaining(scene.Root, secret) ?? "the output")));
            }
        }

        // A temporary file the run left behind (not one the scene planted as the user's own).
        foreach (var temporary in Entries(scene.Root).Where(path => Path.GetFileName(path).Contains(".tmp", StringComparison.Ordinal) && !scene.Untouched.Contains(path)))
        {
            failures.Add((HostileFailure.Leak, "temporary file left: " + Path.GetRelativePath(scene.Root, temporary)));
        }

        foreach (var (path, snapshot) in before)
        {
            var after = Snapshot(path);
            if (after != snapshot)
            {
                failures.Add((HostileFailure.Damage, Path.GetRelativePath(scene.Root, path) + " changed: " + snapshot + " → " + after));
            }
        }

        foreach (var (what, holds) in scene.Checks)
        {
            if (!holds())
            {
                failures.Add((HostileFailure.Wrong, what));
            }
        }
    }

    /// <summary>Type, inode, size, mode and link target (lstat, through coreutils' stat), plus the contents of a small regular file.</summary>
    private static string Snapshot(string path)
    {
        var failure = SpecialFiles.Capture("stat", ["--printf=%F|%i|%s|%a|%N", "--", path], out var described);
        var contents = failure is null && described.StartsWith("regular", StringComparison.Ordinal) && new FileInfo(path).Length < 1 << 20
            ? "|" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)))[..16]
            : string.Empty;
        return (failure ?? described) + contents;
    }

    private static long PeakRssKb(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/" + pid.ToString(CultureInfo.InvariantCulture) + "/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            // The process has just exited.
        }

        return 0;
    }

    /// <summary>Every entry under <paramref name="root"/>, links not followed.</summary>
    private static IEnumerable<string> Entries(string root)
        => new DirectoryInfo(root).EnumerateFileSystemInfos("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true }).Select(info => info.FullName);

    private static string? FileContaining(string root, string secret)
    {
        var needle = Encoding.UTF8.GetBytes(secret);
        foreach (var path in Entries(root))
        {
            var info = new FileInfo(path);
            if (!info.Exists || info.LinkTarget is not null || info.Length > 8 << 20 || SpecialFiles.Capture("stat", ["--printf=%F", "--", path], out var type) is not null || type != "regular file" && type != "regular empty file")
            {
                continue;
            }

            if (File.ReadAllBytes(path).AsSpan().IndexOf(needle) >= 0)
            {
                return Path.GetRelativePath(root, path);
            }
        }

        return null;
    }

    private static string Show(string text) => text.Length <= 100 ? "'" + text + "'" : "'" + text[..100] + "…'";

    [GeneratedRegex(@"^\s+at [^\s]+\(", RegexOptions.Multiline)]
    private static partial Regex StackFrame();
}
