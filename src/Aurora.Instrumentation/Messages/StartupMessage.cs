namespace Aurora.Instrumentation;

/// <summary>One human-readable message from the instrumentation (never contains user data).</summary>
/// <param name="Level">How serious it is.</param>
/// <param name="Text">The text, without the <c>aurora:</c> prefix.</param>
/// <param name="Phase">The phase it is about, when it is about one.</param>
public readonly record struct StartupMessage(StartupMessageLevel Level, string Text, string? Phase = null);
