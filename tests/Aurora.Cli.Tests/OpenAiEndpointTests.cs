using System.Net.Sockets;
using System.Text.Json;
using Aurora.Cli.Tests.Infrastructure;
using Aurora.Instrumentation;
using Microsoft.AspNetCore.Http;

namespace Aurora.Cli.Tests;

/// <summary>The `openai` LLM path against a real local HTTP server: success, refusal, hang, server error, and the API key's secrecy.</summary>
[Collection(AurWorkspaceDefinition.Name)]
public sealed class OpenAiEndpointTests(WorkspaceTemplate template)
{
    private const int LlmExitCode = 4;
    private const string ApiKey = "sk-test-DO-NOT-LEAK-4f9a1c";

    [Fact]
    public async Task Soar_posts_a_chat_completion_with_the_bearer_key_and_prints_the_answer()
    {
        using var dir = template.CopyToNew();
        await using var llm = await LoopbackStubServer.StartAsync(async (_, context) =>
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("""{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"Stubbed answer 42."},"finish_reason":"stop"}]}""");
        });
        var reportPath = dir.Combine("report.json");

        var result = await AurRun.RunAsync(dir.Path, Environment(llm, reportPath), "soar", "fix the failing unit test");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Stubbed answer 42.", result.StandardOutput);
        var request = Assert.Single(llm.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal($"Bearer {ApiKey}", request.Authorization);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("test-model", body.RootElement.GetProperty("model").GetString());
        var messages = body.RootElement.GetProperty("messages");
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal("fix the failing unit test", messages[1].GetProperty("content").GetString());
        Assert.True(Reports.Read(reportPath).Completed);
        AssertKeyNeverShown(result, reportPath);
    }

    [Fact]
    public async Task A_refused_connection_is_a_clear_error()
    {
        using var dir = template.CopyToNew();
        var reportPath = dir.Combine("report.json");
        var closedPort = ClosedLoopbackPort();
        var environment = Environment(new Uri($"http://127.0.0.1:{closedPort}/v1"), reportPath);

        var result = await AurRun.RunAsync(dir.Path, environment, "soar", "test query");

        Assert.True(result.ExitCode == LlmExitCode, result.ToString());
        Assert.Contains($"cannot reach the LLM endpoint http://127.0.0.1:{closedPort}/v1/chat/completions: connection refused", result.StandardError);
        var report = Reports.Read(reportPath);
        Assert.Equal(StartupMilestones.FirstLlmCall, report.Milestone); // the call was attempted: ready was marked
        AssertKeyNeverShown(result, reportPath);
    }

    [Fact]
    public async Task An_endpoint_that_never_answers_is_cut_off_by_the_timeout()
    {
        using var dir = template.CopyToNew();
        await using var llm = await LoopbackStubServer.StartAsync(async (_, context) =>
        {
            // Accept the request and never answer (until the client gives up or the server stops).
            await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
        });
        var reportPath = dir.Combine("report.json");
        var environment = Environment(llm, reportPath);
        environment["AURORA_LLM_TIMEOUT_MS"] = "700";

        var result = await AurRun.RunAsync(dir.Path, environment, "soar", "test query");

        Assert.True(result.ExitCode == LlmExitCode, result.ToString());
        Assert.Contains("did not answer within 700 ms", result.StandardError);
        Assert.Single(llm.Requests);
        AssertKeyNeverShown(result, reportPath);
    }

    [Fact]
    public async Task A_server_error_is_reported_with_its_status_and_message_and_an_echoed_key_is_redacted()
    {
        using var dir = template.CopyToNew();
        await using var llm = await LoopbackStubServer.StartAsync(async (request, context) =>
        {
            context.Response.StatusCode = 500;
            context.Response.ContentType = "application/json";
            // A hostile or careless server that echoes the credential back.
            var message = JsonSerializer.Serialize($"model overloaded (auth was '{request.Authorization}')");
            await context.Response.WriteAsync("{\"error\":{\"message\":" + message + ",\"type\":\"server_error\"}}");
        });
        var reportPath = dir.Combine("report.json");

        var result = await AurRun.RunAsync(dir.Path, Environment(llm, reportPath), "soar", "test query");

        Assert.True(result.ExitCode == LlmExitCode, result.ToString());
        Assert.Contains("answered 500 Internal Server Error: model overloaded", result.StandardError);
        Assert.Contains("Bearer ***", result.StandardError);
        AssertKeyNeverShown(result, reportPath);
    }

    private static Dictionary<string, string> Environment(LoopbackStubServer server, string reportPath)
        => Environment(new Uri(server.BaseAddress, "/v1"), reportPath);

    private static Dictionary<string, string> Environment(Uri endpoint, string reportPath) => new()
    {
        ["AURORA_LLM_ENDPOINT"] = endpoint.ToString(),
        ["AURORA_LLM_API_KEY"] = ApiKey,
        ["AURORA_LLM_MODEL"] = "test-model",
        ["AURORA_STARTUP_REPORT"] = reportPath,
    };

    private static void AssertKeyNeverShown(AurResult result, string reportPath)
    {
        Assert.DoesNotContain(ApiKey, result.StandardOutput);
        Assert.DoesNotContain(ApiKey, result.StandardError);
        Assert.DoesNotContain(ApiKey, File.ReadAllText(reportPath));
    }

    /// <summary>A loopback port nothing listens on: bound by the OS, then released.</summary>
    private static int ClosedLoopbackPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
