using System.Text.Json;

namespace Aurora.Startup.Tool.Profile;

/// <summary>
/// The profile in speedscope's file format (https://www.speedscope.app/file-format-schema.json): the frames shared by
/// every profile, then one <c>sampled</c> profile per slice (every phase, even one too short to be sampled, then the
/// non-phase slices that hold samples), whose samples are
/// stacks of frame indexes from the root and whose weights are milliseconds.
/// </summary>
internal static class SpeedscopeFile
{
    public const string SchemaUrl = "https://www.speedscope.app/file-format-schema.json";

    public static void Write(ProfileResult result, string name, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(result);
        var slices = result.Drawn;
        var frameIndexes = new Dictionary<string, int>(StringComparer.Ordinal);
        var frames = new List<string>();
        int IndexOf(string frame)
        {
            if (!frameIndexes.TryGetValue(frame, out var index))
            {
                index = frames.Count;
                frames.Add(frame);
                frameIndexes.Add(frame, index);
            }

            return index;
        }

        var stacks = slices.Select(s => s.Stacks.Select(stack => stack.Frames.Select(IndexOf).ToArray()).ToList()).ToList();

        using var json = new Utf8JsonWriter(destination, new JsonWriterOptions { Indented = false });
        json.WriteStartObject();
        json.WriteString("$schema", SchemaUrl);
        json.WriteString("name", name);
        json.WriteString("exporter", "aurora-startup " + ToolVersion.Text);
        json.WriteNumber("activeProfileIndex", 0);
        json.WriteStartObject("shared");
        json.WriteStartArray("frames");
        foreach (var frame in frames)
        {
            json.WriteStartObject();
            json.WriteString("name", frame);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("profiles");
        for (var i = 0; i < slices.Count; i++)
        {
            var slice = slices[i];
            json.WriteStartObject();
            json.WriteString("type", "sampled");
            json.WriteString("name", slice.Name);
            json.WriteString("unit", "milliseconds");
            json.WriteNumber("startValue", 0);
            json.WriteNumber("endValue", Math.Round(slice.SampledMs, 6));
            json.WriteStartArray("samples");
            foreach (var stack in stacks[i])
            {
                json.WriteStartArray();
                foreach (var index in stack)
                {
                    json.WriteNumberValue(index);
                }

                json.WriteEndArray();
            }

            json.WriteEndArray();
            json.WriteStartArray("weights");
            foreach (var stack in slice.Stacks)
            {
                json.WriteNumberValue(Math.Round(stack.WeightMs, 6));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
