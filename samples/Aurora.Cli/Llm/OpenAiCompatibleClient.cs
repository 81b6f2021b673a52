using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Aurora.Cli.Llm;

/// <summary>
/// An OpenAI-compatible chat client: <c>POST {endpoint}/chat/completions</c> (an endpoint that already ends in
/// <c>/chat/completions</c> is used as given), <c>Authorization: Bearer</c> when a key is set. The whole exchange
/// (connect, send, read) is bounded by the configured timeout. Server-supplied text is redacted before it is shown,
/// so a server that echoes the key cannot leak it into the output.
/// </summary>
internal sealed class OpenAiCompatibleClient : ILlmClient
{
    private const int MaxErrorTextLength = 300;
    private readonly HttpClient _http;
    private readonly Uri _requestUri;
    private readonly LlmSettings _settings;

    public OpenAiCompatibleClient(LlmSettings settings)
    {
        _settings = settings;
        _requestUri = ChatCompletionsUri(settings.Endpoint!);
        var timeout = TimeSpan.FromMilliseconds(settings.TimeoutMs);
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout, UseProxy = false })
        {
            // The per-call CancellationTokenSource bounds the exchange, including reading the body.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        if (settings.ApiKey is { } key)
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
    }

    public async Task<string> CompleteAsync(LlmRequest request, Action onSending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onSending);
        var body = new ChatCompletionRequest
        {
            Model = _settings.Model,
            Messages = [new ChatMessage { Role = "system", Content = request.System }, new ChatMessage { Role = "user", Content = request.User }],
            MaxTokens = request.MaxTokens,
            Temperature = 0,
        };

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.TimeoutMs);
        var where = SafeText(_requestUri);
        try
        {
            // Serialised up front so the request has a Content-Length: some compatible servers refuse chunked bodies.
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, ChatJsonContext.Default.ChatCompletionRequest));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            onSending();
            using var response = await _http.PostAsync(_requestUri, content, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                var detail = await ErrorDetailAsync(response, timeout.Token).ConfigureAwait(false);
                throw new CliFailure(ExitCodes.Llm, $"the LLM endpoint {where} answered {(int)response.StatusCode} {response.ReasonPhrase}{detail}");
            }

            var completion = await response.Content.ReadFromJsonAsync(ChatJsonContext.Default.ChatCompletionResponse, timeout.Token).ConfigureAwait(false);
            if (completion?.Choices is not [{ Message.Content: { } text }, ..])
            {
                throw new CliFailure(ExitCodes.Llm, $"the LLM endpoint {where} answered without a message in choices[0]");
            }

            return text;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new CliFailure(ExitCodes.Llm, $"the LLM endpoint {where} did not answer within {_settings.TimeoutMs} ms (set {LlmSettings.TimeoutVariable} to wait longer)");
        }
        catch (HttpRequestException ex)
        {
            var reason = ex.InnerException is SocketException socket ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused",
                SocketError.HostNotFound or SocketError.NoData => "host not found",
                SocketError.TimedOut => "connection timed out",
                _ => Redact(socket.Message),
            } : Redact(ex.InnerException is { } inner ? $"{ex.Message} {inner.Message}" : ex.Message);
            throw new CliFailure(ExitCodes.Llm, $"cannot reach the LLM endpoint {where}: {reason}", ex);
        }
        catch (JsonException ex)
        {
            throw new CliFailure(ExitCodes.Llm, $"the LLM endpoint {where} answered with JSON that is not a chat completion ({Redact(ex.Message)})", ex);
        }
    }

    public void Dispose() => _http.Dispose();

    internal static Uri ChatCompletionsUri(Uri endpoint)
    {
        var text = endpoint.GetLeftPart(UriPartial.Path).TrimEnd('/');
        return text.EndsWith("/chat/completions", StringComparison.OrdinalIgnoreCase)
            ? new Uri(text + endpoint.Query)
            : new Uri(text + "/chat/completions" + endpoint.Query);
    }

    /// <summary>Scheme, host, port and path: no user info, no query (either may carry a credential).</summary>
    private static string SafeText(Uri uri) => uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);

    private async Task<string> ErrorDetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            string? message = null;
            try
            {
                message = JsonSerializer.Deserialize(text, ChatJsonContext.Default.ChatErrorResponse)?.Error?.Message;
            }
            catch (JsonException)
            {
                // Not the OpenAI error shape: show the start of the raw text instead.
            }

            message ??= text;
            message = Redact(message.ReplaceLineEndings(" ").Trim());
            if (message.Length > MaxErrorTextLength)
            {
                message = string.Concat(message.AsSpan(0, MaxErrorTextLength), "…");
            }

            return message.Length == 0 ? string.Empty : $": {message}";
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            return string.Empty;
        }
    }

    private string Redact(string text)
        => _settings.ApiKey is { Length: > 0 } key ? text.Replace(key, "***", StringComparison.Ordinal) : text;
}
