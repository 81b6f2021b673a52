using System.Text.Json.Serialization;

namespace Aurora.Cli.Llm;

/// <summary>The request body of <c>POST /chat/completions</c> (only the fields <c>aur</c> sends).</summary>
internal sealed class ChatCompletionRequest
{
    public required string Model { get; init; }

    public required IReadOnlyList<ChatMessage> Messages { get; init; }

    public int? MaxTokens { get; init; }

    public double? Temperature { get; init; }
}

internal sealed class ChatMessage
{
    public required string Role { get; init; }

    public string? Content { get; init; }
}

/// <summary>The response body (unknown fields are ignored).</summary>
internal sealed class ChatCompletionResponse
{
    public IReadOnlyList<ChatChoice>? Choices { get; init; }
}

internal sealed class ChatChoice
{
    public ChatMessage? Message { get; init; }
}

/// <summary>The error body OpenAI-compatible servers send with 4xx/5xx.</summary>
internal sealed class ChatErrorResponse
{
    public ChatError? Error { get; init; }
}

internal sealed class ChatError
{
    public string? Message { get; init; }

    public string? Type { get; init; }
}

/// <summary>Source-generated serialisation: no reflection, so the client is trim- and Native-AOT-clean.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionResponse))]
[JsonSerializable(typeof(ChatErrorResponse))]
internal sealed partial class ChatJsonContext : JsonSerializerContext;
