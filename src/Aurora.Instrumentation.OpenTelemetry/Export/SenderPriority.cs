namespace Aurora.Instrumentation.OpenTelemetry.Export;

/// <summary>
/// <c>AURORA_EXPORT_AFTER_EXIT</c>: what sends the telemetry a run leaves behind. <c>idle</c> (default): a detached
/// sender at the idle CPU priority, which never competes with anything; <c>normal</c> (default when <c>CI</c> is set,
/// since a CI machine is rarely idle): the same at normal priority; <c>off</c>: no process is started, the run's own
/// export thread sends after ready and a later run sends what is left.
/// </summary>
internal enum SenderPriority
{
    Idle,
    Normal,
    Off,
}
