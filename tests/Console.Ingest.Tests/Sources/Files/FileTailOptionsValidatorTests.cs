using Console.Ingest.Sources.Files;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Console.Ingest.Tests.Sources.Files;

public class FileTailOptionsValidatorTests
{
    private static FileTailOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var options = new FileTailOptions();
        configuration.GetSection(FileTailOptions.Section).Bind(options);
        options.RegistryPath = string.IsNullOrEmpty(options.RegistryPath) ? "/tmp/registry.json" : options.RegistryPath;
        return options;
    }

    [Fact]
    public void Settings_bind_with_filebeat_words_and_defaults()
    {
        var options = Bind(new()
        {
            ["Ingest:Files:Enabled"] = "true",
            ["Ingest:Files:Inputs:0:Name"] = "django",
            ["Ingest:Files:Inputs:0:Paths:0"] = "/backend/logs/django.log",
            ["Ingest:Files:Inputs:0:Parser"] = "django",
            ["Ingest:Files:Inputs:0:Multiline:Pattern"] = @"^\d{4}-\d{2}-\d{2} ",
            ["Ingest:Files:Inputs:0:Multiline:Negate"] = "true",
            ["Ingest:Files:Inputs:0:Multiline:Match"] = "after",
            ["Ingest:Files:Inputs:1:Name"] = "containers",
            ["Ingest:Files:Inputs:1:Paths:0"] = "/var/lib/docker/containers/*/*-json.log",
            ["Ingest:Files:Inputs:1:Format"] = "docker-json",
            ["Ingest:Files:Inputs:1:StartAt"] = "end",
        });

        Assert.True(new FileTailOptionsValidator().Validate(null, options).Succeeded);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ScanInterval);
        Assert.Equal(1024 * 1024, options.MaxLineBytes);
        Assert.Equal(1000, options.BatchSize);
        var django = options.Inputs[0];
        Assert.Equal("thebot-logs", django.IndexBase);
        Assert.Equal("utf-8", django.Encoding);
        Assert.Equal(FileStartPosition.Beginning, django.StartAt);
        Assert.Equal(MultilineMatch.After, django.Multiline!.Match);
        Assert.Equal(500, django.Multiline.MaxLines);
        Assert.Equal(TimeSpan.FromSeconds(2), django.Multiline.Timeout);
        Assert.Equal(FileStartPosition.End, options.Inputs[1].StartAt);
        Assert.Equal("docker-json", options.Inputs[1].Format);
    }

    [Fact]
    public void A_bad_regex_fails_with_the_input_name_and_the_reason()
    {
        var options = Bind(new()
        {
            ["Ingest:Files:Enabled"] = "true",
            ["Ingest:Files:Inputs:0:Name"] = "django",
            ["Ingest:Files:Inputs:0:Paths:0"] = "/backend/logs/django.log",
            ["Ingest:Files:Inputs:0:Multiline:Pattern"] = "^(unclosed",
        });

        var result = new FileTailOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("Ingest:Files:Inputs:0 (django): Multiline.Pattern '^(unclosed' is not a valid regular expression:", failure, StringComparison.Ordinal);
        Assert.Contains("Not enough )", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_input_setting_is_named()
    {
        var options = Bind(new()
        {
            ["Ingest:Files:Enabled"] = "true",
            ["Ingest:Files:Inputs:0:Name"] = "a b",
            ["Ingest:Files:Inputs:0:Paths:0"] = "relative/*.log",
            ["Ingest:Files:Inputs:0:Encoding"] = "utf-16",
            ["Ingest:Files:Inputs:0:Format"] = "syslog",
            ["Ingest:Files:Inputs:1:Name"] = "dup",
            ["Ingest:Files:Inputs:2:Name"] = "dup",
            ["Ingest:Files:Inputs:2:Paths:0"] = "/x.log",
        });

        var failures = string.Join("\n", new FileTailOptionsValidator().Validate(null, options).Failures!);

        Assert.Contains("Inputs:0 (a b): Name must be", failures, StringComparison.Ordinal);
        Assert.Contains("Inputs:0 (a b): Paths: 'relative/*.log' is not an absolute path", failures, StringComparison.Ordinal);
        Assert.Contains("Inputs:0 (a b): Encoding: encoding 'utf-16' does not write a newline", failures, StringComparison.Ordinal);
        Assert.Contains("Inputs:0 (a b): Format 'syslog'", failures, StringComparison.Ordinal);
        Assert.Contains("Inputs:1 (dup): The field Paths must be", failures, StringComparison.Ordinal);
        Assert.Contains("Inputs:2 (dup): Name 'dup' is used by another input", failures, StringComparison.Ordinal);
    }

    [Fact]
    public void A_switched_off_receiver_is_not_validated() =>
        Assert.True(new FileTailOptionsValidator().Validate(null, Bind(new() { ["Ingest:Files:Inputs:0:Name"] = "a b" })).Succeeded);

    [Fact]
    public void The_registration_defaults_the_registry_under_the_data_path_and_validates_on_start()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataPath"] = "/srv/console",
            ["Ingest:Files:Enabled"] = "true",
            ["Ingest:Files:Inputs:0:Name"] = "django",
            ["Ingest:Files:Inputs:0:Paths:0"] = "/backend/logs/django.log",
            ["Ingest:Files:Inputs:0:Multiline:Pattern"] = "[",
        }).Build();
        var services = new ServiceCollection().AddFileTailReceiver(configuration);

        Assert.Contains(services, d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(FileTailReceiver));
        var options = new FileTailOptions();
        foreach (var configure in services.Where(d => d.ServiceType == typeof(IPostConfigureOptions<FileTailOptions>)).Select(d => (IPostConfigureOptions<FileTailOptions>)d.ImplementationInstance!))
        {
            configure.PostConfigure(Options.DefaultName, options);
        }

        Assert.Equal(Path.Combine("/srv/console", "ingest", "file-registry.json"), options.RegistryPath);
        Assert.Contains(services, d => d.ServiceType == typeof(IValidateOptions<FileTailOptions>) && d.ImplementationType == typeof(FileTailOptionsValidator));
    }
}
