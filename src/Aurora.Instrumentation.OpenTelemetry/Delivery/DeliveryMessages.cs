using System.Globalization;
using Aurora.Instrumentation.OpenTelemetry.Otlp;

namespace Aurora.Instrumentation.OpenTelemetry.Delivery;

/// <summary>
/// What the user is told about a delivery problem: the status, the endpoint (scheme://host:port only), the collector's
/// own message (a bounded excerpt), where the data is, and what to check. Never a header value.
/// </summary>
internal static class DeliveryMessages
{
    public static string Refused(OtlpSignalSettings settings, OtlpExportResult result, int files, string rejectedFolder)
        => "telemetry: the collector at " + settings.Display + " refused " + files.ToString(CultureInfo.InvariantCulture)
            + " startup " + Noun(settings.Signal) + " file(s) for good: " + result.Status + Said(result)
            + ". They are kept in " + rejectedFolder + " and not sent again" + Hint(result) + ".";

    public static string PartialSuccess(OtlpSignalSettings settings, OtlpExportResult result)
        => "telemetry: the collector at " + settings.Display + " accepted the startup " + Noun(settings.Signal) + " but dropped "
            + result.Rejected.ToString(CultureInfo.InvariantCulture) + (settings.Signal == OtlpSignal.Traces ? " span(s)" : " data point(s)")
            + Said(result) + ".";

    public static string Unreachable(OtlpSignalSettings settings, OtlpExportResult result, string folder)
        => "telemetry: could not deliver the startup " + Noun(settings.Signal) + " to " + settings.Display + ": " + result.Status + Said(result)
            + ". They wait in " + folder + " and are sent once the collector answers" + Hint(result) + ".";

    private static string Noun(OtlpSignal signal) => signal == OtlpSignal.Traces ? "traces" : "metrics";

    private static string Said(OtlpExportResult result) => result.ServerMessage is { } message ? " (" + message + ")" : string.Empty;

    private static string Hint(OtlpExportResult result) => result.Hint is { } hint ? "; " + hint : string.Empty;
}
