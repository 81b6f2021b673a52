using System.Text;

namespace Aurora.Cli.Tests.Hostile;

/// <summary>
/// The hostile inputs, one row per input and mode. Each area is a block of rows built by one small helper; a new area
/// (the export package's spool directory, OTLP headers) adds its own block to <see cref="All"/> and nothing else.
/// </summary>
public static class HostileCorpus
{
    private const string TraceId = "0af7651916cd43dd8448eb211c80319c";
    private const string ValidTraceParent = "00-" + TraceId + "-b7ad6b7169203331-01";

    private static readonly Lazy<IReadOnlyList<HostileCase>> s_all = new(() => [.. BudgetFile(), .. RunReport(), .. TraceContext(), .. BudgetMode(), .. LlmApiKey(), .. SpoolDirectory(), .. OtlpHeaders()]);

    public static IReadOnlyList<HostileCase> All => s_all.Value;

    public static HostileCase Find(string id) => All.Single(c => c.Id == id);

    /// <summary>Ids of the rows the normal test run includes.</summary>
    public static TheoryData<string> FastIds()
    {
        var data = new TheoryData<string>();
        foreach (var row in All.Where(c => c.Fast))
        {
            data.Add(row.Id);
        }

        return data;
    }

    /// <summary><c>AURORA_BUDGETS</c> at what is not a budget file: each in warn mode (exit 0) and strict mode (exit 3).</summary>
    private static IEnumerable<HostileCase> BudgetFile()
    {
        IEnumerable<HostileCase> Row(string input, Func<HostileScene, string?> plant, bool fast = false, string? mention = null, string problem = "no budgets from it", string? longValue = null)
        {
            foreach (var (mode, exit) in new[] { ("warn", 0), ("strict", 3) })
            {
                yield return new HostileCase("AURORA_BUDGETS", input, mode, exit, scene =>
                {
                    if (plant(scene) is not { } path)
                    {
                        return;
                    }

                    scene.Environment["AURORA_BUDGETS"] = path;
                    scene.Environment["AURORA_BUDGET_MODE"] = mode;
                    scene.ErrorMentions.Add(mention ?? "budget file " + path);
                    scene.ErrorMentions.Add(problem);
                    if (mode == "strict")
                    {
                        scene.ErrorMentions.Add("strict budget mode: a broken budget file; exit code 3");
                    }

                    foreach (var value in new[] { path, longValue })
                    {
                        if (value is { Length: > HostileRunner.MaxQuoted })
                        {
                            scene.LongValues.Add(value);
                        }
                    }

                    if (path.StartsWith(scene.Root, StringComparison.Ordinal) && !path.Contains('\n', StringComparison.Ordinal))
                    {
                        scene.Untouched.Add(path);
                    }
                }, fast && mode == "strict");
            }
        }

        // Budget text that is not quite JSON or not quite UTF-8: reported with the file, entries before the fault kept.
        IEnumerable<HostileCase> Text(string input, byte[] contents, string problem, bool fast = false, string? longValue = null)
            => Row(input, scene => scene.File("budgets.json", contents), fast, problem: problem, longValue: longValue);

        var big = new string('x', 100_000);
        var rows = new[]
        {
            Row("a FIFO", scene => scene.Fifo("budgets.fifo"), fast: true),
            Row("/dev/zero", _ => "/dev/zero", fast: true),
            Row("/dev/urandom", _ => "/dev/urandom"),
            Row("/dev/null", _ => "/dev/null"),
            Row("/dev/tty", _ => "/dev/tty"),
            Row("a character device made with mknod", scene => scene.CharacterDevice("budgets.dev")),
            Row("/proc/self/mem (regular, unreadable at 0)", _ => "/proc/self/mem"),
            Row("a directory", scene => scene.Directory("budgets.d"), fast: true),
            Row("a unix socket", scene => scene.Socket("budgets.sock")),
            Row("a symbolic link loop", scene => scene.LinkLoop("budgets.loop"), fast: true),
            Row("a link to itself", scene => scene.Link("budgets.self", "budgets.self")),
            Row("a link to /dev/zero", scene => scene.Link("budgets.zero", "/dev/zero")),
            Row("a link to a FIFO", scene => scene.Link("budgets.tofifo", scene.Fifo("real.fifo"))),
            Row("a dangling link", scene => scene.Link("budgets.dangling", "no-such-file")),
            Row("a missing file", scene => scene.Combine("missing.json")),
            Row("a path through a regular file", scene => Path.Combine(scene.File("plain", "x"), "budgets.json")),
            Row("1 MiB + 1 byte", scene => scene.File("budgets.json", Padded(1024 * 1024 + 1)), fast: true),
            Row("a sparse file reporting 1 GiB", scene => scene.SparseFile("budgets.json", 1L << 30)),
            Row("a 100 KB path", _ => "/tmp/" + big, mention: "budget file /tmp/xxxx", problem: "is too long a path"),
            Row("a path with a newline and an escape sequence", scene => scene.File("bud\ngets\u001b[2J.json", "{ \"commands\": 3 }"), mention: "bud\\ngets\\x1b[2J.json", problem: "expected an object of commands"),
            Text("an invalid UTF-8 byte in a string", [.. "{ \"commands\": { \"soar\": { \"total\": \"3"u8, 0xC3, 0x28, .. "s\" } } }"u8], "still apply"),
            Text("an encoded surrogate (CESU-8)", [.. "{ \"commands\": { \"soar\": { \"total\": \""u8, 0xED, 0xA0, 0x80, .. "\" } } }"u8], "still apply"),
            Text("a byte-order mark only", [0xEF, 0xBB, 0xBF], "the budget file is empty"),
            Text("NUL bytes", [.. "{ \"commands\": {"u8, 0, 0, 0, .. "} }"u8], "still apply"),
            Text("UTF-16", Encoding.Unicode.GetBytes("{ \"commands\": { \"soar\": { \"total\": \"3s\" } } }"), "still apply"),
            Text("trailing garbage", "{ \"commands\": { \"soar\": { \"total\": \"3s\" } } } }}garbage"u8.ToArray(), "still apply"),
            Text("an unclosed object", "{ \"commands\": { \"soar\": { \"total\": \"3s\""u8.ToArray(), "still apply", fast: true),
            Text("100 000 nested arrays", Encoding.ASCII.GetBytes(new string('[', 100_000)), "not an array"),
            Text("a 100 KB phase id", Encoding.ASCII.GetBytes("{ \"commands\": { \"*\": { \"phases\": { \"" + big.ToUpperInvariant() + "\": \"1s\" } } } }"), "is not a phase id", longValue: big.ToUpperInvariant()),
            Text("a 100 KB duration", Encoding.ASCII.GetBytes("{ \"commands\": { \"soar\": { \"total\": \"" + big + "\" } } }"), "is too long to be a duration", longValue: big),
            Text("a 100 KB number", Encoding.ASCII.GetBytes("{ \"commands\": { \"soar\": { \"total\": " + new string('9', 100_000) + " } } }"), "a number has no unit", longValue: new string('9', 100_000)),
            Text("10 000 unknown keys", Encoding.ASCII.GetBytes("{ " + string.Join(", ", Enumerable.Range(0, 10_000).Select(i => "\"k" + i + "\": 1")) + ", \"commands\": {} }"), "more problem(s) not listed"),
            Text("an escape sequence in a phase id", Encoding.UTF8.GetBytes("{ \"commands\": { \"*\": { \"phases\": { \"so\\u001b[2Jar\\u202e\": \"1s\" } } } }"), "'so\\x1b[2Jar\\u202e' is not a phase id"),
            Text("an empty file", [], "the budget file is empty"),
        };

        foreach (var row in rows.SelectMany(r => r))
        {
            yield return row;
        }

        // The control: a valid file of exactly 1 MiB is read whole, in both modes.
        foreach (var (mode, exit) in new[] { ("warn", 0), ("strict", 0) })
        {
            yield return new HostileCase("AURORA_BUDGETS", "a valid file of exactly 1 MiB", mode, exit, scene =>
            {
                scene.Environment["AURORA_BUDGETS"] = scene.File("budgets.json", Padded(1024 * 1024));
                scene.Environment["AURORA_BUDGET_MODE"] = mode;
                scene.ErrorAbsent.Add("budget file");
                scene.ErrorMentions.Add("budget 3000 ms");
            });
        }
    }

    /// <summary><c>AURORA_STARTUP_REPORT</c> at what must not be replaced, or where it cannot be written: a warning and exit 0.</summary>
    private static IEnumerable<HostileCase> RunReport()
    {
        HostileCase Row(string input, Func<HostileScene, string?> plant, string? problem, bool fast = false, bool untouched = true, Action<HostileScene, string>? more = null)
            => new("AURORA_STARTUP_REPORT", input, string.Empty, 0, scene =>
            {
                if (plant(scene) is not { } path)
                {
                    return;
                }

                scene.Environment["AURORA_STARTUP_REPORT"] = path;
                if (problem is not null)
                {
                    scene.ErrorMentions.Add("could not write the startup report to AURORA_STARTUP_REPORT=");
                    scene.ErrorMentions.Add(problem);
                }
                else
                {
                    scene.ErrorAbsent.Add("startup report");
                }

                if (path.Length > HostileRunner.MaxQuoted)
                {
                    scene.LongValues.Add(path);
                }

                if (untouched)
                {
                    scene.Untouched.Add(path);
                }

                more?.Invoke(scene, path);
            }, fast);

        var big = new string('r', 100_000);
        yield return Row("a FIFO", scene => scene.Fifo("report.fifo"), "it is a FIFO, not a regular file; it is not replaced", fast: true);
        yield return Row("a character device made with mknod", scene => scene.CharacterDevice("report.dev"), "it is a character device, not a regular file", fast: true);
        yield return Row("a unix socket", scene => scene.Socket("report.sock"), "it is a socket, not a regular file");
        yield return Row("a directory", scene => scene.Directory("report.d"), "it is a directory, not a regular file", fast: true);
        yield return Row("a symbolic link to a regular file", scene => scene.Link("report.link", scene.File("victim.json", "keep me")), "it is a symbolic link; it is not replaced",
            more: (scene, _) => scene.Untouched.Add(scene.Combine("victim.json")));
        yield return Row("a symbolic link to /etc/passwd-like file", scene => scene.Link("report.passwd", scene.File("passwd", "root:x:0:0")), "it is a symbolic link",
            more: (scene, _) => scene.Untouched.Add(scene.Combine("passwd")));
        yield return Row("a symbolic link loop", scene => scene.LinkLoop("report.loop"), "it is a symbolic link");
        yield return Row("a dangling symbolic link", scene => scene.Link("report.dangling", "created-through-the-link.json"), "it is a symbolic link",
            more: (scene, _) => scene.Checks.Add(("nothing is created through a dangling link", () => !File.Exists(scene.Combine("created-through-the-link.json")))));
        yield return Row("a path through a regular file", scene => Path.Combine(scene.File("plain", "x"), "report.json"), "not a directory", untouched: false);
        yield return Row("a path ending in a separator", scene => scene.Combine("report-dir") + "/", "names a directory", untouched: false);
        yield return Row("a 100 KB path", _ => "/tmp/" + big, "is too long a path", untouched: false);
        yield return Row("a path with control characters under a regular file", scene => Path.Combine(scene.File("plain", "x"), "re\u001b[2Jport\n.json"), "re\\x1b[2Jport\\n.json", untouched: false);
        yield return Row("a read-only file system", scene => scene.TinyFileSystem("ro", "64k", readOnly: true) is { } fs ? Path.Combine(fs, "report.json") : null, "read-only file system", untouched: false);
        yield return Row("a full file system", scene =>
        {
            if (scene.TinyFileSystem("full", "16k") is not { } fs)
            {
                return null;
            }

            try
            {
                File.WriteAllBytes(Path.Combine(fs, "filler"), new byte[64 * 1024]);
            }
            catch (IOException)
            {
                // Full: what the row needs.
            }

            return Path.Combine(fs, "report.json");
        }, "no space left", untouched: false);

        // Controls: a regular file is replaced; missing directories are created, each level 0700 even under umask 000.
        yield return Row("an existing regular file", scene => scene.File("report.json", "old"), problem: null, untouched: false,
            more: (scene, path) => scene.Checks.Add(("the report replaced the old file", () => File.ReadAllText(path).Contains("aurora.startup.report/1", StringComparison.Ordinal))));
        yield return Row("three missing directories under umask 000", scene => scene.Combine("a", "b", "c", "report.json"), problem: null, untouched: false, more: (scene, path) =>
        {
            scene.Umask = "000";
            foreach (var level in new[] { "a", "a/b", "a/b/c" })
            {
                var directory = scene.Combine(level);
                scene.Checks.Add((level + " was created 0700", () => OperatingSystem.IsLinux() && File.GetUnixFileMode(directory) == (UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)));
            }

            scene.Checks.Add(("the report was written", () => File.Exists(path)));
        });
    }

    /// <summary><c>TRACEPARENT</c> and <c>TRACESTATE</c> held to W3C Trace Context (console export shows the trace the run joined).</summary>
    private static IEnumerable<HostileCase> TraceContext()
    {
        HostileCase Row(string variable, string input, string traceParent, string? traceState, string? warning, bool joins, bool fast = false)
            => new(variable, input, string.Empty, 0, scene =>
            {
                scene.Environment["AURORA_TELEMETRY"] = "console";
                scene.Environment["TRACEPARENT"] = traceParent;
                if (traceState is not null)
                {
                    scene.Environment["TRACESTATE"] = traceState;
                }

                if (warning is not null)
                {
                    scene.ErrorMentions.Add(warning);
                }
                else
                {
                    scene.ErrorAbsent.Add("TRACE");
                }

                if (joins)
                {
                    scene.OutputMentions.Add("Activity.TraceId:            " + TraceId);
                }

                foreach (var value in new[] { traceParent, traceState })
                {
                    if (value is { Length: > HostileRunner.MaxQuoted })
                    {
                        scene.LongValues.Add(value);
                    }
                }
            }, fast);

        string Members(int count, int valueLength = 1) => string.Join(',', Enumerable.Range(0, count).Select(i => "k" + i + "=" + new string('v', valueLength)));

        const string badState = "TRACESTATE is not a valid W3C trace state";
        yield return Row("TRACESTATE", "33 members", ValidTraceParent, Members(33), badState, joins: true, fast: true);
        yield return Row("TRACESTATE", "32 members (the limit)", ValidTraceParent, Members(32), null, joins: true);
        yield return Row("TRACESTATE", "600 characters of valid members", ValidTraceParent, Members(20, 25), badState + ": it is ", joins: true);
        yield return Row("TRACESTATE", "a 100 KB value", ValidTraceParent, "k=" + new string('v', 100_000), badState, joins: true);
        yield return Row("TRACESTATE", "an upper-case key", ValidTraceParent, "Vendor=1", badState, joins: true);
        yield return Row("TRACESTATE", "a multi-tenant key", ValidTraceParent, "tenant@vendor=1,rojo=00f067aa0ba902b7", null, joins: true);
        yield return Row("TRACESTATE", "a system id longer than 14", ValidTraceParent, "t@abcdefghijklmno=1", badState, joins: true);
        yield return Row("TRACESTATE", "a value with '='", ValidTraceParent, "k=a=b", badState, joins: true);
        yield return Row("TRACESTATE", "a duplicate key", ValidTraceParent, "k=1,k=2", badState, joins: true);
        yield return Row("TRACESTATE", "CR and LF", ValidTraceParent, "k=1\r\nX-Evil: 1", badState, joins: true);
        yield return Row("TRACEPARENT", "version ff", "ff-" + TraceId + "-b7ad6b7169203331-01", null, "version ff is forbidden", joins: false, fast: true);
        yield return Row("TRACEPARENT", "upper-case hex", "00-" + TraceId.ToUpperInvariant() + "-b7ad6b7169203331-01", null, "ignoring malformed TRACEPARENT", joins: false);
        yield return Row("TRACEPARENT", "version 00 with more fields", ValidTraceParent + "-extra", null, "version 00 has exactly 55 characters", joins: false);
        yield return Row("TRACEPARENT", "a later version with more fields", "01-" + TraceId + "-b7ad6b7169203331-01-future", null, null, joins: true);
        yield return Row("TRACEPARENT", "an all-zero parent id", "00-" + TraceId + "-0000000000000000-01", null, "parent id", joins: false);
        yield return Row("TRACEPARENT", "bad flags", "00-" + TraceId + "-b7ad6b7169203331-0g", null, "flags", joins: false);
        yield return Row("TRACEPARENT", "a 100 KB value", "00-" + new string('a', 100_000), null, "ignoring malformed TRACEPARENT", joins: false);
        yield return Row("TRACEPARENT", "CR and LF", "00-" + TraceId + "\r\n-b7ad6b7169203331-01", null, "ignoring malformed TRACEPARENT", joins: false);
    }

    /// <summary><c>AURORA_BUDGET_MODE</c> that is none of its values: one warning, warn mode.</summary>
    private static IEnumerable<HostileCase> BudgetMode()
    {
        HostileCase Row(string input, string value, string mention, bool fast = false)
            => new("AURORA_BUDGET_MODE", input, string.Empty, 0, scene =>
            {
                scene.Environment["AURORA_BUDGET_MODE"] = value;
                scene.ErrorMentions.Add(mention);
                if (value.Length > HostileRunner.MaxQuoted)
                {
                    scene.LongValues.Add(value);
                }
            }, fast);

        yield return Row("a 100 KB value", new string('q', 100_000), "AURORA_BUDGET_MODE='qqqq", fast: true);
        yield return Row("an escape sequence and a line break", "loud\u001b[2J\nstrict", "AURORA_BUDGET_MODE='loud\\x1b[2J\\nstrict' is not warn, strict or off; using warn");
        yield return Row("a right-to-left override", "off\u202e", "AURORA_BUDGET_MODE='off\\u202e'");
    }

    /// <summary><c>AURORA_LLM_API_KEY</c> that an HTTP header cannot carry: named, never shown, the LLM exit code 4.</summary>
    private static IEnumerable<HostileCase> LlmApiKey()
    {
        HostileCase Row(string input, string key, bool sendable = false, bool fast = false)
            => new("AURORA_LLM_API_KEY", input, string.Empty, 4, scene =>
            {
                // A closed port on loopback: no request ever leaves the machine.
                scene.Environment["AURORA_LLM_ENDPOINT"] = "http://127.0.0.1:9/v1";
                scene.Environment["AURORA_LLM_API_KEY"] = key;
                scene.Secrets.Add("sk-hostile-SECRET");
                scene.ErrorMentions.Add(sendable ? "cannot reach the LLM endpoint" : "AURORA_LLM_API_KEY contains a character an HTTP header cannot carry");
            }, fast);

        yield return Row("a line feed", "sk-hostile-SECRET\nX-Evil: 1", fast: true);
        yield return Row("a carriage return", "sk-hostile-SECRET\rX-Evil: 1", fast: true);
        yield return Row("CR LF and a header", "sk-hostile-SECRET\r\nHost: evil.example");
        yield return Row("an escape character", "sk-hostile-SECRET\u001b[2J");
        yield return Row("DEL", "sk-hostile-SECRET\u007f");
        yield return Row("a non-ASCII character", "sk-hostile-SECRET-é");
        yield return Row("a 100 KB printable key (sendable: the endpoint is refused)", "sk-hostile-SECRET" + new string('k', 100_000), sendable: true);
    }

    /// <summary>
    /// <c>AURORA_SPOOL_DIR</c> at a directory nobody should trust, or at what is not a directory: one message naming it,
    /// nothing written there or below it, the user's own files left alone, exit 0. The collector is a closed loopback
    /// port, and no detached sender is started (the rows look at what the run itself does).
    /// </summary>
    private static IEnumerable<HostileCase> SpoolDirectory()
    {
        HostileCase Row(string input, Func<HostileScene, string?> plant, string problem, bool fast = false, bool untouched = true)
            => new("AURORA_SPOOL_DIR", input, string.Empty, 0, scene =>
            {
                if (plant(scene) is not { } path)
                {
                    return;
                }

                scene.Environment["AURORA_TELEMETRY"] = "otlp";
                scene.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9";
                scene.Environment["AURORA_EXPORT_AFTER_EXIT"] = "off";
                scene.Environment["AURORA_SPOOL_DIR"] = path;
                scene.ErrorMentions.Add("could not persist");
                scene.ErrorMentions.Add(problem);
                scene.ErrorMentions.Add("AURORA_SPOOL_DIR");
                if (path.Length > HostileRunner.MaxQuoted)
                {
                    scene.LongValues.Add(path);
                }

                if (untouched)
                {
                    scene.Untouched.Add(path);
                }
            }, fast);

        string Private(HostileScene scene, string name, UnixFileMode mode)
        {
            var path = scene.Directory(name);
            if (OperatingSystem.IsLinux())
            {
                File.SetUnixFileMode(path, mode);
            }

            return path;
        }

        const UnixFileMode Everyone = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        const UnixFileMode Group = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute;
        yield return Row("a directory owned by another user", scene => scene.GiveAway(scene.Directory("theirs")) ? scene.Combine("theirs") : null, "is owned by uid 4242", fast: true);
        yield return Row("a directory writable by everyone", scene => Private(scene, "open", Everyone), "writable by", fast: true);
        yield return Row("a directory writable by its group", scene => Private(scene, "shared", Group), "writable by");
        yield return Row("another user's link to a private directory", scene =>
        {
            var link = scene.Link("their-link", scene.Directory("target"));
            return scene.GiveAway(link) ? link : null;
        }, "link");
        yield return Row("a FIFO", scene => scene.Fifo("spool.fifo"), "not a directory", fast: true);
        yield return Row("/dev/null", _ => "/dev/null", "not a directory", untouched: false);
        yield return Row("a path through a regular file", scene => Path.Combine(scene.File("plain", "x"), "spool"), "not a directory", untouched: false);
        yield return Row("a 100 KB path", _ => "/tmp/" + new string('s', 100_000), "too long", untouched: false);

        // The control: the user's own files in the spool directory survive a run that spools there.
        yield return new HostileCase("AURORA_SPOOL_DIR", "a directory holding the user's own files", string.Empty, 0, scene =>
        {
            var spool = scene.Directory("mine");
            scene.Environment["AURORA_TELEMETRY"] = "otlp";
            scene.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9";
            scene.Environment["AURORA_EXPORT_AFTER_EXIT"] = "off";
            scene.Environment["AURORA_SPOOL_DIR"] = spool;
            foreach (var name in new[] { "notes.tmp", "backup.otlp", "x.otlp.claimed-999999", "1796350949381-1-0001-00000000.otlp" })
            {
                scene.Untouched.Add(scene.File(Path.Combine("mine", name), "the user's own"));
            }

            scene.ErrorAbsent.Add("could not persist");
            scene.Checks.Add(("the run spooled into a folder of its own", () => System.IO.Directory.GetFiles(spool, "*.spool", SearchOption.AllDirectories).Length > 0));
        }, Fast: true);
    }

    /// <summary>
    /// <c>OTEL_EXPORTER_OTLP_HEADERS</c> entries a request must not carry: each dropped with one message naming the
    /// variable, never its value. The flush budget is patient, so the run resolves its settings before it exits.
    /// </summary>
    private static IEnumerable<HostileCase> OtlpHeaders()
    {
        HostileCase Row(string input, string headers, string mention, bool fast = false)
            => new("OTEL_EXPORTER_OTLP_HEADERS", input, string.Empty, 0, scene =>
            {
                scene.Environment["AURORA_TELEMETRY"] = "otlp";
                scene.Environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:9";
                scene.Environment["OTEL_EXPORTER_OTLP_HEADERS"] = headers;
                scene.Environment["AURORA_EXPORT_FLUSH_MS"] = "1000";
                scene.Environment["AURORA_EXPORT_AFTER_EXIT"] = "off";
                scene.Environment["AURORA_SPOOL_DIR"] = scene.Directory("spool");
                scene.ErrorMentions.Add("OTEL_EXPORTER_OTLP_HEADERS");
                scene.ErrorMentions.Add(mention);
                scene.Secrets.Add("hostile-SECRET");
            }, fast);

        yield return Row("a CR LF injection", "authorization=hostile-SECRET%0D%0AX-Evil: 1", "a character a header cannot carry", fast: true);
        yield return Row("a NUL", "authorization=hostile-SECRET%00", "a character a header cannot carry");
        yield return Row("Host", "Host=hostile-SECRET.example", "a header the OTLP transport sets itself", fast: true);
        yield return Row("Content-Type", "content-type=hostile-SECRET", "a header the OTLP transport sets itself");
        yield return Row("an entry without '='", "hostile-SECRET", "is not name=value");
        yield return Row("a name given twice", "x-key=hostile-SECRET,x-key=hostile-SECRET-2", "more than once");
        yield return Row("a 100 KB value", "x-key=hostile-SECRET" + new string('h', 100_000) + "%0A", "a character a header cannot carry");
    }

    /// <summary>A valid budget file padded with spaces to exactly <paramref name="length"/> bytes.</summary>
    private static byte[] Padded(int length)
    {
        var json = "{ \"commands\": { \"soar\": { \"total\": \"3s\" } } }"u8;
        var bytes = new byte[length];
        bytes.AsSpan().Fill((byte)' ');
        json.CopyTo(bytes);
        return bytes;
    }
}
