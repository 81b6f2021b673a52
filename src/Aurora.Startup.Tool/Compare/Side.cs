namespace Aurora.Startup.Tool.Compare;

/// <summary>Which command of a comparison.</summary>
internal enum Side
{
    Base,
    Head,
}
