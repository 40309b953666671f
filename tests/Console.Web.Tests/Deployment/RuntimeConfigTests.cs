using System.Text.Json.Nodes;

namespace Console.Web.Tests.Deployment;

/// <summary>
/// The runtime settings Console.Web is built with (its runtimeconfig.json, copied beside these tests): the ones the
/// benchmarks in BENCHMARKS.md were measured with.
/// </summary>
public sealed class RuntimeConfigTests
{
    private static JsonObject ConfigProperties()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Console.Web.runtimeconfig.json");
        var root = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        return root["runtimeOptions"]!["configProperties"]!.AsObject();
    }

    [Fact]
    public void Hot_methods_are_promoted_to_optimised_code_without_the_runtimes_quiet_spell_delay()
    {
        // The runtime's default is 100 ms (1 s on one processor): a loaded console indexed on unoptimised code for its
        // first ~30 s on one processor.
        var delay = ConfigProperties()["System.Runtime.TieredCompilation.CallCountingDelayMs"];

        Assert.NotNull(delay);
        Assert.InRange(delay.GetValue<int>(), 0, 10);
    }

    [Fact]
    public void The_console_runs_with_the_server_garbage_collector_the_store_benchmarks_use()
    {
        Assert.True(ConfigProperties()["System.GC.Server"]?.GetValue<bool>());
    }
}
