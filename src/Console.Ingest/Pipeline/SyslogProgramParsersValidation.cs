using Console.Ingest.Parsing;
using Console.Ingest.Sources.Syslog;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Pipeline;

/// <summary>Refuses to start when <c>Ingest:Syslog:Programs</c> names a parser that does not exist, listing the ones that do.</summary>
internal sealed class SyslogProgramParsersValidation(ParserRegistry parsers) : IValidateOptions<SyslogReceiverOptions>
{
    public ValidateOptionsResult Validate(string? name, SyslogReceiverOptions options)
    {
        var failures = new List<string>();
        foreach (var (program, parser) in options.Programs)
        {
            if (!string.IsNullOrWhiteSpace(parser) && !parsers.TryGet(parser, out _))
            {
                failures.Add($"{SyslogReceiverOptions.Section}:Programs:{program}: there is no parser named '{parser}'; there are: {string.Join(", ", parsers.Names.Order(StringComparer.Ordinal))} (or several joined by '|')");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
