using System.Globalization;
using Aurora.Cli.Configuration;

namespace Aurora.Cli.Llm;

/// <summary>
/// Which LLM to use, from the environment (wins) and the configuration. The API key is read only from
/// <c>AURORA_LLM_API_KEY</c>: it is never stored in the workspace, printed, logged or put on a span.
/// </summary>
internal sealed class LlmSettings
{
    public const string ProviderVariable = "AURORA_LLM_PROVIDER";
    public const string EndpointVariable = "AURORA_LLM_ENDPOINT";
    public const string ApiKeyVariable = "AURORA_LLM_API_KEY";
    public const string ModelVariable = "AURORA_LLM_MODEL";
    public const string TimeoutVariable = "AURORA_LLM_TIMEOUT_MS";

    private LlmSettings(string provider, Uri? endpoint, string? apiKey, string model, int timeoutMs, int maxTokens)
    {
        Provider = provider;
        Endpoint = endpoint;
        ApiKey = apiKey;
        Model = model;
        TimeoutMs = timeoutMs;
        MaxTokens = maxTokens;
    }

    public string Provider { get; }

    public Uri? Endpoint { get; }

    public string? ApiKey { get; }

    public string Model { get; }

    public int TimeoutMs { get; }

    public int MaxTokens { get; }

    public static LlmSettings Resolve(AuroraConfig config, CliOutput output)
    {
        var endpointText = Variable(EndpointVariable) ?? config.LlmEndpoint;
        var provider = Variable(ProviderVariable)?.ToLowerInvariant() switch
        {
            null => Variable(EndpointVariable) is not null ? "openai" : config.LlmProvider,
            "local" => "local",
            "openai" => "openai",
            var other => Fallback(output, $"{ProviderVariable}='{other}' is not 'local' or 'openai'; using '{config.LlmProvider}'", config.LlmProvider),
        };

        var timeoutMs = config.LlmTimeoutMs;
        if (Variable(TimeoutVariable) is { } timeoutText)
        {
            if (int.TryParse(timeoutText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is > 0 and <= 600_000)
            {
                timeoutMs = parsed;
            }
            else
            {
                output.Warning($"{TimeoutVariable}='{timeoutText}' is not a whole number of milliseconds from 1 to 600000; using {timeoutMs}");
            }
        }

        Uri? endpoint = null;
        if (provider == "openai")
        {
            if (endpointText is null)
            {
                throw new CliFailure(ExitCodes.Llm, $"the LLM provider is 'openai' but no endpoint is set: set {EndpointVariable} (e.g. http://localhost:8000/v1) or llm.endpoint in the configuration");
            }

            if (!Uri.TryCreate(endpointText, UriKind.Absolute, out endpoint) || (endpoint.Scheme != Uri.UriSchemeHttp && endpoint.Scheme != Uri.UriSchemeHttps))
            {
                throw new CliFailure(ExitCodes.Llm, $"{EndpointVariable} is not an absolute http(s) URL");
            }
        }

        var apiKey = Variable(ApiKeyVariable);
        if (provider == "openai" && apiKey is not null && !CanBeSentInHeader(apiKey))
        {
            // Named, never shown: the value is a secret, and the bad character may be a line break.
            throw new CliFailure(ExitCodes.Llm, $"{ApiKeyVariable} contains a character an HTTP header cannot carry (a control character such as CR, LF or NUL, or a non-ASCII character); its value is not shown. Set it to the key alone");
        }

        return new LlmSettings(provider, endpoint, apiKey, Variable(ModelVariable) ?? config.LlmModel, timeoutMs, config.LlmMaxTokens);
    }

    /// <summary>
    /// Whether <c>Authorization: Bearer &lt;key&gt;</c> can carry the key: printable ASCII and spaces only. HttpClient
    /// refuses CR, LF and NUL in a header (a header-injection guard) and other control or non-ASCII characters at send.
    /// </summary>
    internal static bool CanBeSentInHeader(string key)
    {
        foreach (var c in key)
        {
            if (c is < ' ' or > '~')
            {
                return false;
            }
        }

        return true;
    }

    public ILlmClient CreateClient() => Provider == "openai" ? new OpenAiCompatibleClient(this) : new LocalLlmClient();

    private static string? Variable(string name)
        => Environment.GetEnvironmentVariable(name) is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static string Fallback(CliOutput output, string message, string value)
    {
        output.Warning(message);
        return value;
    }
}
