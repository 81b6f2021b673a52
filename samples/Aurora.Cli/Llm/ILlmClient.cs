namespace Aurora.Cli.Llm;

/// <summary>
/// A chat-completion client. <see cref="LocalLlmClient"/> answers offline; <see cref="OpenAiCompatibleClient"/> talks
/// to any OpenAI-compatible endpoint. Failures are <see cref="CliFailure"/>s with <see cref="ExitCodes.Llm"/>.
/// </summary>
internal interface ILlmClient : IDisposable
{
    /// <summary>Sends one chat request and returns the assistant's text.</summary>
    /// <param name="request">The messages to send.</param>
    /// <param name="onSending">Called right before the request leaves the process (the <c>first_llm_call</c> milestone).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task<string> CompleteAsync(LlmRequest request, Action onSending, CancellationToken cancellationToken);
}
