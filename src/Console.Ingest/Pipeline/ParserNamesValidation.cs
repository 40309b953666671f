using Console.Ingest.Parsing;
using Console.Ingest.Sources.Files;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Pipeline;

/// <summary>Refuses to start when a file input names a parser that does not exist, listing the ones that do.</summary>
internal sealed class ParserNamesValidation(ParserRegistry parsers) : IValidateOptions<FileTailOptions>
{
    public ValidateOptionsResult Validate(string? name, FileTailOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Inputs.Count; i++)
        {
            var input = options.Inputs[i];
            if (input.Parser is { Length: > 0 } parser && !parsers.TryGet(parser, out _))
            {
                failures.Add($"{FileTailOptions.Section}:Inputs:{i} ({input.Name}): there is no parser named '{parser}'; there are: {string.Join(", ", parsers.Names.Order(StringComparer.Ordinal))}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
