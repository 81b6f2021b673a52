namespace Aurora.Instrumentation.OpenTelemetry.Spool;

/// <summary>What a spool file's name says: when it was written, what it holds, its state and who claimed it.</summary>
internal readonly record struct SpoolFileNameParts(long WrittenUnixMilliseconds, byte Kind, SpoolFileState State, int ClaimPid);
