namespace Aurora.Cli.Orchestration;

/// <summary>The answer to <c>aur soar</c>: which agent answered, and what it said.</summary>
internal sealed record SoarAnswer(RoutedAgent Agent, string Text);
