namespace Console.Shared.Storage.Elasticsearch.Client;

/// <summary>Where ILM has one index: its policy, phase, action and step (<c>ERROR</c> with <c>step_info</c> when stuck).</summary>
public sealed record LifecycleExplanation(string Index, bool Managed, string? Policy = null, string? Phase = null, string? Action = null, string? Step = null);
