using System.Globalization;
using Aurora.Instrumentation.OpenTelemetry.Spool;
using CsCheck;

namespace Aurora.Instrumentation.OpenTelemetry.Tests.Spool;

public sealed class SpoolFileNameTests
{
    [Fact]
    public void The_name_is_what_the_format_string_would_give()
        => Gen.Select(Gen.Long[0, 9_999_999_999_999], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.UInt).Sample((time, pid, sequence, random) =>
            SpoolFileName.Create(time, pid, sequence, random, SpoolFileFormat.TracesKind) == string.Create(CultureInfo.InvariantCulture, $"{time:D13}-{pid}-{sequence:D4}-{random:x8}.traces.spool")
            && SpoolFileName.TryParse(SpoolFileName.Create(time, pid, sequence, random, SpoolFileFormat.MeasurementsKind), out var parts)
            && parts.WrittenUnixMilliseconds == time && parts.Kind == SpoolFileFormat.MeasurementsKind);

    [Fact]
    public void Names_sort_by_time()
        => Assert.True(string.CompareOrdinal(SpoolFileName.Create(999, 7, 1, 0xffffffff, SpoolFileFormat.TracesKind), SpoolFileName.Create(1000, 1, 1, 0, SpoolFileFormat.TracesKind)) < 0);
}
