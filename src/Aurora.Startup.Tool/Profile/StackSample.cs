namespace Aurora.Startup.Tool.Profile;

/// <summary>One sample of one thread's managed stack.</summary>
/// <param name="Thread">The OS thread id.</param>
/// <param name="TimeMs">When it was taken, in milliseconds on the trace's clock.</param>
/// <param name="Frames">The stack, root first (an empty stack could not be walked).</param>
internal sealed record StackSample(int Thread, double TimeMs, IReadOnlyList<string> Frames);
