using System.Globalization;
using System.Text;
using Aurora.Cli.Agents;
using Aurora.Cli.Configuration;
using Aurora.Cli.Embeddings;
using Aurora.Cli.Llm;
using Aurora.Cli.Store;

namespace Aurora.Cli.Orchestration;

/// <summary>
/// Aurora's orchestrator in miniature: routes a query (or each subgoal of a goal) to an agent with the embeddings,
/// then asks the LLM. The embedding model arrives through <c>model</c>, the background load started first thing:
/// the router waits for it only if it is not loaded yet.
/// </summary>
internal sealed class Orchestrator(
    IReadOnlyList<AgentManifest> agents,
    Func<CancellationToken, Task<EmbeddingModel>> model,
    ILlmClient llm,
    MemoryStore store,
    AuroraConfig config)
{
    private AgentRouter? _router;

    public ILlmClient Llm => llm;

    public async Task<SoarAnswer> SoarAsync(string query, Action onSending, CancellationToken cancellationToken)
    {
        var router = await RouterAsync(cancellationToken).ConfigureAwait(false);
        var routed = router.Route(query);
        var agent = routed.Agent;
        var request = new LlmRequest(
            $"You are {agent.Name}, an Aurora agent ({string.Join(", ", agent.Capabilities)}). {agent.Description} " +
            $"The workspace holds {store.MemoryCount.ToString(CultureInfo.InvariantCulture)} memories. Answer briefly.",
            query)
        {
            AgentName = agent.Id,
            MaxTokens = config.LlmMaxTokens,
        };

        var text = await llm.CompleteAsync(request, onSending, cancellationToken).ConfigureAwait(false);
        await store.AddAsync("query", query, agent.Id, cancellationToken).ConfigureAwait(false);
        return new SoarAnswer(routed, text);
    }

    public async Task<GoalPlan> GoalsAsync(string goal, Action onSending, CancellationToken cancellationToken)
    {
        var router = await RouterAsync(cancellationToken).ConfigureAwait(false);
        var steps = new List<(string Subgoal, RoutedAgent Agent)>();
        foreach (var subgoal in GoalDecomposer.Decompose(goal))
        {
            steps.Add((subgoal, router.Route(subgoal)));
        }

        var user = new StringBuilder();
        user.Append("Goal: ").Append(goal).Append('\n');
        for (var i = 0; i < steps.Count; i++)
        {
            user.Append(CultureInfo.InvariantCulture, $"{i + 1}. {steps[i].Subgoal} → {steps[i].Agent.Agent.Id}\n");
        }

        var request = new LlmRequest(
            "You are Aurora's goal planner. Check the decomposition below, add what is missing, and say which step to start with.",
            user.ToString())
        {
            AgentName = "planner",
            MaxTokens = config.LlmMaxTokens,
        };

        var review = await llm.CompleteAsync(request, onSending, cancellationToken).ConfigureAwait(false);
        await store.AddAsync("goal", goal, "planner", cancellationToken).ConfigureAwait(false);
        return new GoalPlan(goal, steps, review);
    }

    private async Task<AgentRouter> RouterAsync(CancellationToken cancellationToken)
    {
        if (_router is null)
        {
            if (agents.Count == 0)
            {
                throw new CliFailure(ExitCodes.Model, "no usable agent manifest was found, so there is no agent to route to (run `aur init --force` to restore the default agents)");
            }

            var loaded = await model(cancellationToken).ConfigureAwait(false);
            _router = new AgentRouter(loaded, agents, config.RoutingMinScore);
        }

        return _router;
    }
}
