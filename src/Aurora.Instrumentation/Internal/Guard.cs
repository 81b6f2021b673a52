using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Aurora.Instrumentation.Internal;

/// <summary>Argument checks for public entry points; programming errors are the only exceptions the library throws.</summary>
internal static class Guard
{
    public static void ThrowIfNull([NotNull] object? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        => ArgumentNullException.ThrowIfNull(value, name);

    public static void ThrowIfNullOrWhiteSpace([NotNull] string? value, [CallerArgumentExpression(nameof(value))] string? name = null)
        => ArgumentException.ThrowIfNullOrWhiteSpace(value, name);
}
