using System.Text;

namespace Aurora.Cli.Llm;

/// <summary>
/// The default, offline responder: a deterministic answer built from the request, no network. It keeps the
/// sample runnable (and its startup measurable) anywhere, the way a recorded or stubbed LLM would.
/// </summary>
internal sealed class LocalLlmClient : ILlmClient
{
    public Task<string> CompleteAsync(LlmRequest request, Action onSending, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(onSending);
        cancellationToken.ThrowIfCancellationRequested();
        onSending();

        var answer = new StringBuilder();
        answer.Append('[').Append(request.AgentName).Append("] ");
        var lines = request.User.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        answer.Append("Here is my take on: ").Append(lines.Length > 0 ? lines[0] : "(empty request)");
        for (var i = 1; i < lines.Length; i++)
        {
            answer.Append('\n').Append("  - ").Append(lines[i]);
        }

        answer.Append("\n(offline responder: set AURORA_LLM_ENDPOINT to use an OpenAI-compatible model)");
        return Task.FromResult(answer.ToString());
    }

    public void Dispose()
    {
    }
}
