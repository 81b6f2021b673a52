namespace Aurora.Instrumentation.Internal;

/// <summary>Phase ids are lower_snake_case so that span names and metric attributes stay queryable.</summary>
internal static class PhaseIds
{
    public static bool IsValid(string phase)
    {
        if (phase.Length == 0 || phase.Length > 64 || !char.IsAsciiLetterLower(phase[0]))
        {
            return false;
        }

        foreach (var c in phase)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_'))
            {
                return false;
            }
        }

        return true;
    }
}
