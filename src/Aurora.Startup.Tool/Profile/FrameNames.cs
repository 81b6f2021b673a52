using System.Text.RegularExpressions;

namespace Aurora.Startup.Tool.Profile;

/// <summary>How frames are named in the profile: method names without their signatures, async state machines as their method.</summary>
internal static partial class FrameNames
{
    public const string NativePrefix = "[native] ";
    public const string AsyncSuffix = " [async]";

    /// <summary>
    /// A method's display name from TraceEvent's full name: the parameter list dropped (overloads share a frame), and
    /// <c>Type+&lt;Name&gt;d__7.MoveNext</c> shown as <c>Type.Name [async]</c>. An unresolved address is named after its module.
    /// </summary>
    public static string Of(string? fullMethodName, string? moduleName)
    {
        if (string.IsNullOrEmpty(fullMethodName) || fullMethodName == "?")
        {
            return NativePrefix + (string.IsNullOrEmpty(moduleName) ? "?" : moduleName);
        }

        var paren = fullMethodName.IndexOf('(', StringComparison.Ordinal);
        var name = paren > 0 ? fullMethodName[..paren] : fullMethodName;
        return AsyncStateMachine().Replace(name, "$1.$2" + AsyncSuffix);
    }

    /// <summary>
    /// An async method's stack as the code reads: the builders' <c>Start</c> frames dropped and the kick-off stub merged
    /// into the state machine it starts (<c>M</c> then <c>M [async]</c> becomes <c>M [async]</c>).
    /// </summary>
    public static List<string> WithoutAsyncPlumbing(IEnumerable<string> frames)
    {
        var kept = new List<string>();
        foreach (var frame in frames)
        {
            if (AsyncBuilderStart().IsMatch(frame))
            {
                continue;
            }

            if (kept.Count > 0 && frame.EndsWith(AsyncSuffix, StringComparison.Ordinal) && frame.Length == kept[^1].Length + AsyncSuffix.Length && frame.StartsWith(kept[^1], StringComparison.Ordinal))
            {
                kept[^1] = frame;
                continue;
            }

            kept.Add(frame);
        }

        return kept;
    }

    /// <summary><c>Type.Method</c> of <c>Namespace.Type.Method</c> (generic arguments dropped); other names unchanged.</summary>
    public static string WithoutNamespace(string name)
    {
        if (name.StartsWith('['))
        {
            return name;
        }

        var plain = GenericArguments().Replace(name, string.Empty);
        var suffix = plain.EndsWith(AsyncSuffix, StringComparison.Ordinal) ? AsyncSuffix : string.Empty;
        plain = plain[..^suffix.Length];

        // Constructors end in "..ctor" / "..cctor": the method separator is the first of the two dots.
        var method = plain.EndsWith("..ctor", StringComparison.Ordinal) || plain.EndsWith("..cctor", StringComparison.Ordinal)
            ? plain.LastIndexOf("..", StringComparison.Ordinal)
            : plain.LastIndexOf('.');
        if (method <= 0)
        {
            return plain + suffix;
        }

        var type = plain.LastIndexOf('.', method - 1);
        return plain[(type + 1)..] + suffix;
    }

    /// <summary>Thread-pool, task and async-builder frames: how code gets run, not what it does.</summary>
    public static bool IsThreadingPlumbing(string frame)
        => frame.StartsWith("System.Threading.", StringComparison.Ordinal)
           || frame.StartsWith("System.Runtime.CompilerServices.", StringComparison.Ordinal);

    /// <summary>The instrumentation's own frames (timeline, lazies, its EventSource) and the EventSource machinery under them.</summary>
    public static bool IsInstrumentation(string frame)
        => frame.StartsWith("Aurora.Instrumentation.", StringComparison.Ordinal)
           || frame.StartsWith("System.Diagnostics.Tracing.", StringComparison.Ordinal);

    /// <summary>Whether a frame is the framework's (BCL, Microsoft.*, interop) rather than the app's or a library's.</summary>
    public static bool IsFramework(string name)
        => name.StartsWith("System.", StringComparison.Ordinal)
           || name.StartsWith("Microsoft.Win32.", StringComparison.Ordinal)
           || name.StartsWith("Interop", StringComparison.Ordinal)
           || name.StartsWith(NativePrefix, StringComparison.Ordinal);

    [GeneratedRegex(@"^(.+)\+<([^>]+)>d__\d+\.MoveNext$")]
    private static partial Regex AsyncStateMachine();

    [GeneratedRegex(@"^System\.Runtime\.CompilerServices\.Async(MethodBuilderCore|\w*MethodBuilder(`\d+\[[^\]]*\])?)\.Start$")]
    private static partial Regex AsyncBuilderStart();

    [GeneratedRegex(@"`\d+(\[[^\]]*\])?")]
    private static partial Regex GenericArguments();
}
