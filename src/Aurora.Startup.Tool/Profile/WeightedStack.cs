namespace Aurora.Startup.Tool.Profile;

/// <summary>One sample as a flame graph draws it: its frames (root first) and the time it stands for.</summary>
internal sealed record WeightedStack(IReadOnlyList<string> Frames, double WeightMs);
