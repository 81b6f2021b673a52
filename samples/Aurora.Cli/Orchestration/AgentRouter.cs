using Aurora.Cli.Agents;
using Aurora.Cli.Embeddings;

namespace Aurora.Cli.Orchestration;

/// <summary>
/// Routes text to the agent whose capability vector is closest (cosine) to the text's embedding. An agent's vector
/// is the weighted mean of its capabilities (weight 1) and the words of its name and description (weight 0.3).
/// </summary>
internal sealed class AgentRouter
{
    private const float DescriptionWeight = 0.3f;
    private readonly EmbeddingModel _model;
    private readonly IReadOnlyList<AgentManifest> _agents;
    private readonly float[][] _vectors;
    private readonly double _minScore;

    public AgentRouter(EmbeddingModel model, IReadOnlyList<AgentManifest> agents, double minScore)
    {
        _model = model;
        _agents = agents;
        _minScore = minScore;
        _vectors = new float[agents.Count][];
        for (var i = 0; i < agents.Count; i++)
        {
            _vectors[i] = model.Embed(WeightedTokens(agents[i]));
        }
    }

    /// <summary>The best agent for <paramref name="text"/>; the generalist when nothing scores at least the minimum.</summary>
    public RoutedAgent Route(string text)
    {
        var query = _model.Embed(text);
        var best = 0;
        var bestScore = float.NegativeInfinity;
        for (var i = 0; i < _agents.Count; i++)
        {
            var score = EmbeddingModel.Similarity(query, _vectors[i]);
            if (score > bestScore)
            {
                best = i;
                bestScore = score;
            }
        }

        if (bestScore < _minScore)
        {
            for (var i = 0; i < _agents.Count; i++)
            {
                if (_agents[i].Id == DefaultAgents.GeneralistId)
                {
                    return new RoutedAgent(_agents[i], bestScore, Fallback: true);
                }
            }
        }

        return new RoutedAgent(_agents[best], bestScore, Fallback: false);
    }

    private static IEnumerable<(string, float)> WeightedTokens(AgentManifest agent)
    {
        foreach (var capability in agent.Capabilities)
        {
            foreach (var token in TokenHasher.Tokens(capability))
            {
                yield return (token, 1f);
            }
        }

        foreach (var token in TokenHasher.Tokens(agent.Name + " " + agent.Description))
        {
            yield return (token, DescriptionWeight);
        }
    }
}
