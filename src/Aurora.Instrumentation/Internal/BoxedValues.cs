namespace Aurora.Instrumentation.Internal;

/// <summary>Pre-boxed booleans so that tagging a span with a flag does not allocate.</summary>
internal static class BoxedValues
{
    public static readonly object True = true;
    public static readonly object False = false;

    public static object Of(bool value) => value ? True : False;
}
