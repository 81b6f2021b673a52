using System.Reflection;

namespace Aurora.Instrumentation.OpenTelemetry.Protocol;

/// <summary>
/// The resource of the startup telemetry, computed without the SDK: <c>service.name</c> from <c>OTEL_SERVICE_NAME</c>,
/// else <c>OTEL_RESOURCE_ATTRIBUTES</c>, else <c>unknown_service:&lt;process&gt;</c>, as the SDK does; every
/// <c>OTEL_RESOURCE_ATTRIBUTES</c> pair; <c>service.version</c> from the entry assembly unless the variable sets it;
/// and <c>telemetry.sdk.*</c> naming this package, which encodes and sends the data (not the OpenTelemetry SDK).
/// </summary>
internal static class FallbackResource
{
    public const string SdkName = "aurora.instrumentation";

    public static List<KeyValuePair<string, object?>> Create(Func<string, string?> env)
    {
        var attributes = new List<KeyValuePair<string, object?>> { new("service.name", ServiceName(env)) };
        var hasVersion = false;
        foreach (var (key, value) in ResourceAttributes(env))
        {
            if (key == "service.name")
            {
                continue;
            }

            hasVersion |= key == "service.version";
            attributes.Add(new(key, value));
        }

        if (!hasVersion && EntryAssemblyVersion() is { } version)
        {
            attributes.Add(new("service.version", version));
        }

        attributes.Add(new("telemetry.sdk.name", SdkName));
        attributes.Add(new("telemetry.sdk.language", "dotnet"));
        attributes.Add(new("telemetry.sdk.version", Aurora.Instrumentation.Telemetry.LibraryVersion.Value ?? "0.0.0"));
        return attributes;
    }

    /// <summary>The resource's <c>service.name</c>, as the SDK resolves it.</summary>
    public static string ServiceName(Func<string, string?> env)
    {
        var configured = env("OTEL_SERVICE_NAME");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim();
        }

        foreach (var (key, value) in ResourceAttributes(env))
        {
            if (key == "service.name")
            {
                return value;
            }
        }

        return "unknown_service:" + ProcessName();
    }

    private static IEnumerable<(string Key, string Value)> ResourceAttributes(Func<string, string?> env)
    {
        var raw = env("OTEL_RESOURCE_ATTRIBUTES");
        if (string.IsNullOrWhiteSpace(raw))
        {
            yield break;
        }

        foreach (var pair in raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                yield return (pair[..equals].Trim(), Uri.UnescapeDataString(pair[(equals + 1)..].Trim()));
            }
        }
    }

    /// <summary>The app's version: its informational version without build metadata, else its assembly version.</summary>
    private static string? EntryAssemblyVersion()
    {
        var entry = Assembly.GetEntryAssembly();
        if (entry is null)
        {
            return null;
        }

        var informational = entry.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrWhiteSpace(informational))
        {
            var plus = informational.IndexOf('+', StringComparison.Ordinal);
            return plus > 0 ? informational[..plus] : informational;
        }

        return Aurora.Instrumentation.Telemetry.LibraryVersion.FromFullName(entry.FullName);
    }

    /// <summary>The executable's file name without extension (<see cref="Timeline.ProcessInfo.ExecutableName"/>: no <c>Environment.ProcessPath</c>).</summary>
    private static string ProcessName()
    {
        var name = Timeline.ProcessInfo.ExecutableName();
        return name == "unknown" ? "dotnet" : Path.GetFileNameWithoutExtension(name);
    }
}
