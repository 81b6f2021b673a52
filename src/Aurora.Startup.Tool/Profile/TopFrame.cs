namespace Aurora.Startup.Tool.Profile;

/// <summary>One frame's share of a slice: samples that ended in it (self) and that passed through it (inclusive).</summary>
internal sealed record TopFrame(string Name, double SelfMs, double InclusiveMs, int SelfSamples, int InclusiveSamples);
