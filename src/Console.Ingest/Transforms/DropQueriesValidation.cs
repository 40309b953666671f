using Console.Shared.Events;
using Console.Shared.Query;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Transforms;

/// <summary>Refuses to start with a drop query that does not parse, naming the query and the reason.</summary>
internal sealed class DropQueriesValidation : IValidateOptions<TransformOptions>
{
    public ValidateOptionsResult Validate(string? name, TransformOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.DropQueries.Count; i++)
        {
            try
            {
                LogQueryParser.Parse(options.DropQueries[i], NoFields.Instance, DateTimeOffset.UnixEpoch, DropQueryFilter.Limits);
            }
            catch (QuerySyntaxException ex)
            {
                failures.Add($"{TransformOptions.Section}:DropQueries:{i} '{options.DropQueries[i]}': {ex.Message}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private sealed class NoFields : IFieldTypes
    {
        public static NoFields Instance { get; } = new();

        public FieldType? TypeOf(string field) => null;
    }
}
