namespace Aurora.Instrumentation.OpenTelemetry.Spool;

/// <summary>Where a spool file is in its life.</summary>
internal enum SpoolFileState
{
    Ready,
    Temporary,
    Claimed,
}
