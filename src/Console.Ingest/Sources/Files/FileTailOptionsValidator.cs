using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Sources.Files;

/// <summary>
/// Checks what DataAnnotations cannot reach: each input (a nested list), its globs, its multi-line regex, encoding and
/// format, naming the input and the reason, so a bad setting stops the process at start.
/// </summary>
internal sealed class FileTailOptionsValidator : IValidateOptions<FileTailOptions>
{
    public ValidateOptionsResult Validate(string? name, FileTailOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success; // a switched-off receiver reads nothing, so its inputs cannot hurt
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.RegistryPath))
        {
            failures.Add($"{FileTailOptions.Section}:RegistryPath must name a file.");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Inputs.Count; i++)
        {
            var input = options.Inputs[i];
            var where = $"{FileTailOptions.Section}:Inputs:{i} ({input.Name})";
            AddAnnotationFailures(input, where, failures);
            if (!names.Add(input.Name))
            {
                failures.Add($"{where}: Name '{input.Name}' is used by another input.");
            }

            foreach (var path in input.Paths)
            {
                try
                {
                    _ = new FileGlob(path);
                }
                catch (ArgumentException ex)
                {
                    failures.Add($"{where}: Paths: {ex.Message}.");
                }
            }

            foreach (var exclude in input.ExcludeFiles)
            {
                try
                {
                    FileInput.CreatePattern(exclude);
                }
                catch (ArgumentException ex)
                {
                    failures.Add($"{where}: ExcludeFiles '{exclude}' is not a valid regular expression: {ex.Message}");
                }
            }

            try
            {
                FileInput.CreateEncoding(input.Encoding);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{where}: Encoding: {ex.Message}.");
            }

            if (!string.Equals(input.Format, FileInputOptions.PlainFormat, StringComparison.OrdinalIgnoreCase) &&
                !string.Equals(input.Format, FileInputOptions.DockerJsonFormat, StringComparison.OrdinalIgnoreCase))
            {
                failures.Add($"{where}: Format '{input.Format}' is not '{FileInputOptions.PlainFormat}' or '{FileInputOptions.DockerJsonFormat}'.");
            }

            if (input.Multiline is { } multiline)
            {
                AddAnnotationFailures(multiline, where + ": Multiline", failures);
                try
                {
                    FileInput.CreatePattern(multiline.Pattern);
                }
                catch (ArgumentException ex)
                {
                    failures.Add($"{where}: Multiline.Pattern '{multiline.Pattern}' is not a valid regular expression: {ex.Message}");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void AddAnnotationFailures(object instance, string where, List<string> failures)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(instance, new ValidationContext(instance), results, validateAllProperties: true))
        {
            failures.AddRange(results.Select(r => $"{where}: {r.ErrorMessage}"));
        }
    }
}
