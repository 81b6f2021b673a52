using System.Text.Json;

namespace Aurora.Startup.Tool.Tests.Profile;

/// <summary>
/// Checks a document against speedscope's file-format schema (https://www.speedscope.app/file-format-schema.json, from
/// its file-format-spec.ts), written from the schema rather than from our writer: the required members and their JSON
/// types, the enums (<c>$schema</c>, profile <c>type</c>, <c>unit</c>, event types), and what the spec's comments require
/// beyond types: frame indexes in range, as many weights as samples, <c>endValue ≥ startValue</c>, evented profiles'
/// events in non-decreasing order.
/// </summary>
internal static class SpeedscopeSchema
{
    private static readonly string[] s_units = ["bytes", "microseconds", "milliseconds", "nanoseconds", "none", "seconds"];

    public static List<string> Validate(JsonElement file)
    {
        var errors = new List<string>();
        if (file.ValueKind != JsonValueKind.Object)
        {
            return ["the file is not an object"];
        }

        Require(file, "$schema", JsonValueKind.String, errors);
        if (file.TryGetProperty("$schema", out var schema) && schema.ValueKind == JsonValueKind.String && schema.GetString() != "https://www.speedscope.app/file-format-schema.json")
        {
            errors.Add("$schema is not the speedscope schema URL");
        }

        Optional(file, "name", JsonValueKind.String, errors);
        Optional(file, "exporter", JsonValueKind.String, errors);
        Optional(file, "activeProfileIndex", JsonValueKind.Number, errors);
        var frameCount = 0;
        if (Require(file, "shared", JsonValueKind.Object, errors) is { } shared && Require(shared, "frames", JsonValueKind.Array, errors) is { } frames)
        {
            foreach (var frame in frames.EnumerateArray())
            {
                if (frame.ValueKind != JsonValueKind.Object)
                {
                    errors.Add($"shared.frames[{frameCount}] is not an object");
                }
                else
                {
                    Require(frame, "name", JsonValueKind.String, errors);
                    Optional(frame, "file", JsonValueKind.String, errors);
                    Optional(frame, "line", JsonValueKind.Number, errors);
                    Optional(frame, "col", JsonValueKind.Number, errors);
                }

                frameCount++;
            }
        }

        if (Require(file, "profiles", JsonValueKind.Array, errors) is { } profiles)
        {
            var i = 0;
            foreach (var profile in profiles.EnumerateArray())
            {
                ValidateProfile(profile, $"profiles[{i++}]", frameCount, errors);
            }
        }

        return errors;
    }

    private static void ValidateProfile(JsonElement profile, string at, int frameCount, List<string> errors)
    {
        if (profile.ValueKind != JsonValueKind.Object)
        {
            errors.Add(at + " is not an object");
            return;
        }

        var type = Require(profile, "type", JsonValueKind.String, errors)?.GetString();
        Require(profile, "name", JsonValueKind.String, errors);
        if (Require(profile, "unit", JsonValueKind.String, errors)?.GetString() is { } unit && !s_units.Contains(unit))
        {
            errors.Add($"{at}.unit '{unit}' is not a speedscope unit");
        }

        var start = Require(profile, "startValue", JsonValueKind.Number, errors)?.GetDouble();
        var end = Require(profile, "endValue", JsonValueKind.Number, errors)?.GetDouble();
        if (start > end)
        {
            errors.Add($"{at}.endValue is before startValue");
        }

        switch (type)
        {
            case "sampled":
                var samples = Require(profile, "samples", JsonValueKind.Array, errors);
                var weights = Require(profile, "weights", JsonValueKind.Array, errors);
                if (samples is { } s)
                {
                    foreach (var stack in s.EnumerateArray())
                    {
                        if (stack.ValueKind != JsonValueKind.Array)
                        {
                            errors.Add(at + ".samples has a stack that is not an array");
                            continue;
                        }

                        foreach (var index in stack.EnumerateArray())
                        {
                            if (index.ValueKind != JsonValueKind.Number || index.GetDouble() < 0 || index.GetDouble() >= frameCount || index.GetDouble() % 1 != 0)
                            {
                                errors.Add($"{at}.samples holds '{index}', not a frame index");
                            }
                        }
                    }
                }

                if (weights is { } w && w.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
                {
                    errors.Add(at + ".weights holds a value that is not a number");
                }

                if (samples is { } counted && weights is { } weighed && counted.GetArrayLength() != weighed.GetArrayLength())
                {
                    errors.Add(at + ": samples and weights differ in length");
                }

                break;
            case "evented":
                var last = double.NegativeInfinity;
                foreach (var e in Require(profile, "events", JsonValueKind.Array, errors)?.EnumerateArray() ?? default)
                {
                    var kind = Require(e, "type", JsonValueKind.String, errors)?.GetString();
                    var when = Require(e, "at", JsonValueKind.Number, errors)?.GetDouble() ?? last;
                    Require(e, "frame", JsonValueKind.Number, errors);
                    if (kind is not ("O" or "C"))
                    {
                        errors.Add($"{at}: event type '{kind}'");
                    }

                    if (when < last)
                    {
                        errors.Add(at + ": events out of order");
                    }

                    last = when;
                }

                break;
            default:
                errors.Add($"{at}.type '{type}' is neither sampled nor evented");
                break;
        }
    }

    private static JsonElement? Require(JsonElement owner, string name, JsonValueKind kind, List<string> errors)
    {
        if (!owner.TryGetProperty(name, out var value))
        {
            errors.Add($"missing '{name}'");
            return null;
        }

        if (value.ValueKind != kind)
        {
            errors.Add($"'{name}' is {value.ValueKind}, not {kind}");
            return null;
        }

        return value;
    }

    private static void Optional(JsonElement owner, string name, JsonValueKind kind, List<string> errors)
    {
        if (owner.TryGetProperty(name, out var value) && value.ValueKind != kind)
        {
            errors.Add($"'{name}' is {value.ValueKind}, not {kind}");
        }
    }
}
