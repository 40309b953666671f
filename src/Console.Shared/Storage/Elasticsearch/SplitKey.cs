namespace Console.Shared.Storage.Elasticsearch;

/// <summary>A chosen split value: <see cref="Text"/> as the result gives it, <see cref="Include"/> as Elasticsearch reads it back in a terms include (a date in the field's own format).</summary>
internal sealed record SplitKey(string Text, string Include);
