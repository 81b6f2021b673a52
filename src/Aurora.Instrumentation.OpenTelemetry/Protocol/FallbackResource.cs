namespace Aurora.Instrumentation.OpenTelemetry.Protocol;

/// <summary>
/// The resource for spans spooled before the SDK pipeline was built: the attributes the SDK's default resource
/// would carry (<c>service.name</c> from <c>OTEL_SERVICE_NAME</c> or <c>OTEL_RESOURCE_ATTRIBUTES</c>, else
/// <c>unknown_service:&lt;process&gt;</c>; every <c>OTEL_RESOURCE_ATTRIBUTES</c> pair; the <c>telemetry.sdk.*</c> trio),
/// computed without loading the SDK on the exit path.
/// </summary>
internal static class FallbackResource
{
    /// <summary>
    /// The SDK version the resource names. A constant, not read from the SDK assembly: loading that assembly on the
    /// exit path costs milliseconds under JIT. A test keeps it equal to the referenced SDK's own resource.
    /// </summary>
    internal const string SdkVersion = "1.20.1";

    public static List<KeyValuePair<string, object?>> Create(Func<string, string?> env)
    {
        var attributes = new List<KeyValuePair<string, object?>>();
        string? serviceName = null;
        var raw = env("OTEL_RESOURCE_ATTRIBUTES");
        if (!string.IsNullOrWhiteSpace(raw))
        {
            foreach (var pair in raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var equals = pair.IndexOf('=', StringComparison.Ordinal);
                if (equals <= 0)
                {
                    continue;
                }

                var key = pair[..equals].Trim();
                var value = Uri.UnescapeDataString(pair[(equals + 1)..].Trim());
                if (key == "service.name")
                {
                    serviceName = value;
                    continue;
                }

                attributes.Add(new(key, value));
            }
        }

        var configured = env("OTEL_SERVICE_NAME");
        if (!string.IsNullOrWhiteSpace(configured))
        {
            serviceName = configured.Trim();
        }

        serviceName ??= "unknown_service:" + ProcessName();
        attributes.Insert(0, new("service.name", serviceName));
        attributes.Add(new("telemetry.sdk.name", "opentelemetry"));
        attributes.Add(new("telemetry.sdk.language", "dotnet"));
        attributes.Add(new("telemetry.sdk.version", SdkVersion));
        return attributes;
    }

    /// <summary>The executable's file name without extension (<see cref="Timeline.ProcessInfo.ExecutableName"/>: no <c>Environment.ProcessPath</c>, ~3 ms on first use).</summary>
    private static string ProcessName()
    {
        var name = Timeline.ProcessInfo.ExecutableName();
        return name == "unknown" ? "dotnet" : Path.GetFileNameWithoutExtension(name);
    }
}
