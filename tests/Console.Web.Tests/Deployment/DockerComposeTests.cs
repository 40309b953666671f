using Console.Web.Tests.Ingest;
using YamlDotNet.RepresentationModel;

namespace Console.Web.Tests.Deployment;

/// <summary>
/// docker-compose.yml read as YAML (no Docker engine here to run <c>docker compose config</c>): the services of each
/// profile refer only to what exists, and the cluster profile's two Elasticsearch nodes find each other and share one
/// certificate authority.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly YamlMappingNode Root = Load();

    private static YamlMappingNode Services => (YamlMappingNode)Root["services"];

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Path.Combine(CorpusFileIngestTests.CorpusConsole.RepositoryRoot, "docker-compose.yml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    private static List<string> Profiles(YamlMappingNode service) =>
        service.Children.TryGetValue("profiles", out var profiles) ? ((YamlSequenceNode)profiles).Select(p => ((YamlScalarNode)p).Value!).ToList() : [];

    private static Dictionary<string, string> Environment(string service) =>
        ((YamlSequenceNode)Service(service)["environment"]).Select(e => ((YamlScalarNode)e).Value!.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "", StringComparer.Ordinal);

    private static IEnumerable<string> Strings(YamlMappingNode service, string key) =>
        service.Children.TryGetValue(key, out var node) ? ((YamlSequenceNode)node).Select(n => ((YamlScalarNode)n).Value!) : [];

    [Fact]
    public void Every_dependency_and_named_volume_exists_and_runs_in_the_same_profile()
    {
        var volumes = ((YamlMappingNode)Root["volumes"]).Children.Keys.Select(k => ((YamlScalarNode)k).Value!).ToHashSet(StringComparer.Ordinal);
        foreach (var (key, node) in Services.Children)
        {
            var name = ((YamlScalarNode)key).Value!;
            var service = (YamlMappingNode)node;
            Assert.True(service.Children.ContainsKey("image") || service.Children.ContainsKey("build"), $"{name} has neither an image nor a build");
            foreach (var volume in Strings(service, "volumes").Select(v => v.Split(':')[0]).Where(v => !v.StartsWith('.') && !v.StartsWith('/')))
            {
                Assert.True(volumes.Contains(volume), $"{name} mounts the undeclared volume {volume}");
            }

            if (!service.Children.TryGetValue("depends_on", out var dependsOn))
            {
                continue;
            }

            foreach (var dependency in ((YamlMappingNode)dependsOn).Children.Keys.Select(k => ((YamlScalarNode)k).Value!))
            {
                Assert.True(Services.Children.ContainsKey(dependency), $"{name} depends on the missing service {dependency}");
                var needed = Profiles(Service(dependency));
                Assert.True(needed.Count == 0 || needed.Intersect(Profiles(service)).Any(), $"{name} depends on {dependency}, which is not in its profile");
            }
        }
    }

    [Fact]
    public void The_cluster_profile_has_two_nodes_that_find_each_other_and_a_console_writing_a_replica_to_the_second()
    {
        var nodes = new[] { "elasticsearch-1", "elasticsearch-2" };
        var clusterServices = Services.Children.Where(s => Profiles((YamlMappingNode)s.Value).Contains("cluster")).Select(s => ((YamlScalarNode)s.Key).Value!).ToList();
        Assert.Equal(["elasticsearch-setup", "elasticsearch-1", "elasticsearch-2", "console-cluster"], clusterServices);

        var setup = ((YamlScalarNode)Service("elasticsearch-setup")["command"]).Value!;
        foreach (var node in nodes)
        {
            var environment = Environment(node);
            var other = nodes.Single(n => n != node);
            Assert.Equal(node, environment["node.name"]);
            Assert.Equal("console-logs", environment["cluster.name"]);
            Assert.Equal(string.Join(',', nodes), environment["cluster.initial_master_nodes"]);
            Assert.Equal(other, environment["discovery.seed_hosts"]);
            Assert.False(environment.ContainsKey("discovery.type"), "a single-node discovery type would refuse the second node");
            // Security on a cluster needs TLS between the nodes, with the certificate made for this node by the certs service.
            Assert.Equal("true", environment["xpack.security.enabled"]);
            Assert.Equal("true", environment["xpack.security.transport.ssl.enabled"]);
            Assert.Equal($"certs/{node}/{node}.crt", environment["xpack.security.transport.ssl.certificate"]);
            Assert.Equal($"certs/{node}/{node}.key", environment["xpack.security.transport.ssl.key"]);
            Assert.Equal("certs/ca/ca.crt", environment["xpack.security.transport.ssl.certificate_authorities"]);
            Assert.Contains($"- name: {node}", setup.Replace("\\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal);
            // Snapshots: one fs repository folder that every node sees, where the console registers it.
            Assert.Equal("/usr/share/elasticsearch/snapshots", environment["path.repo"]);
            Assert.Contains("elasticsearch-cluster-snapshots:/usr/share/elasticsearch/snapshots", Strings(Service(node), "volumes"));
            Assert.Contains("elasticsearch-certs:/usr/share/elasticsearch/config/certs", Strings(Service(node), "volumes"));
            Assert.StartsWith("ELASTIC_PASSWORD=${ELASTIC_PASSWORD:?", Strings(Service(node), "environment").Single(e => e.StartsWith("ELASTIC_PASSWORD=", StringComparison.Ordinal)), StringComparison.Ordinal);
        }

        Assert.NotEqual(Strings(Service(nodes[0]), "ports").Single(), Strings(Service(nodes[1]), "ports").Single());
        var console = Environment("console-cluster");
        Assert.Equal("Elasticsearch", console["Store__Kind"]);
        Assert.Equal(["http://elasticsearch-1:9200", "http://elasticsearch-2:9200"], new[] { console["Store__Elasticsearch__Urls__0"], console["Store__Elasticsearch__Urls__1"] });
        Assert.Equal("1", console["Store__Elasticsearch__Replicas"]);
        Assert.Equal("/usr/share/elasticsearch/snapshots", console["Snapshots__ElasticsearchLocation"]);
        Assert.Contains("chown -R 1000:0 config/certs /snapshots", setup, StringComparison.Ordinal);
        Assert.Contains("elasticsearch-cluster-snapshots:/snapshots", Strings(Service("elasticsearch-setup"), "volumes"));
        var waitsFor = ((YamlMappingNode)Service("console-cluster")["depends_on"]).Children.ToDictionary(d => ((YamlScalarNode)d.Key).Value!, d => ((YamlScalarNode)((YamlMappingNode)d.Value)["condition"]).Value);
        Assert.Equal("service_healthy", waitsFor["elasticsearch-1"]);
        Assert.Equal("service_healthy", waitsFor["elasticsearch-2"]);
    }

    [Fact]
    public void The_single_node_profile_is_still_a_single_node()
    {
        Assert.Equal(["elasticsearch"], Profiles(Service("elasticsearch")));
        Assert.Equal("single-node", Environment("elasticsearch")["discovery.type"]);
        Assert.Empty(Profiles(Service("console")));
    }

    [Fact]
    public void The_single_node_profile_has_a_snapshot_repository_the_console_registers()
    {
        Assert.Equal("/usr/share/elasticsearch/snapshots", Environment("elasticsearch")["path.repo"]);
        Assert.Contains("elasticsearch-snapshots:/usr/share/elasticsearch/snapshots", Strings(Service("elasticsearch"), "volumes"));
        Assert.Equal("/usr/share/elasticsearch/snapshots", Environment("console-elastic")["Snapshots__ElasticsearchLocation"]);
        var owner = Service("elasticsearch-snapshots-owner");
        Assert.Equal(["elasticsearch"], Profiles(owner));
        Assert.Contains("elasticsearch-snapshots:/snapshots", Strings(owner, "volumes"));
        Assert.Equal(["chown", "-R", "1000:0", "/snapshots"], Strings(owner, "command"));
        var waitsFor = ((YamlMappingNode)Service("elasticsearch")["depends_on"]).Children.ToDictionary(d => ((YamlScalarNode)d.Key).Value!, d => ((YamlScalarNode)((YamlMappingNode)d.Value)["condition"]).Value);
        Assert.Equal("service_completed_successfully", waitsFor["elasticsearch-snapshots-owner"]);
    }
}
