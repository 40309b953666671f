using Console.Web.Auth;
using Microsoft.Extensions.Configuration;

namespace Console.Web.Tests.Auth;

public sealed class ListenAddressesTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5601", true)]
    [InlineData("http://127.0.0.2:5601", true)]
    [InlineData("http://localhost:5601", true)]
    [InlineData("https://[::1]:5601", true)]
    [InlineData("http://unix:/run/console.sock", true)]
    [InlineData("http://0.0.0.0:5601", false)]
    [InlineData("http://[::]:5601", false)]
    [InlineData("http://*:5601", false)]
    [InlineData("http://+:5601", false)]
    [InlineData("http://192.168.1.10:5601", false)]
    [InlineData("http://logs.example.com:5601", false)]
    public void LoopbackIsThisMachineOnly(string address, bool loopback) => Assert.Equal(loopback, ListenAddresses.IsLoopback(address));

    [Fact]
    public void ConfiguredAddressesComeFromUrlsKestrelEndpointsAndPorts()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:1;http://localhost:2",
            ["Kestrel:Endpoints:Https:Url"] = "https://0.0.0.0:443",
            ["http_ports"] = "8080",
        }).Build();
        Assert.Equal(["http://127.0.0.1:1", "http://localhost:2", "https://0.0.0.0:443", "http://*:8080"], ListenAddresses.Configured(configuration));
        Assert.Equal(["http://localhost:5000"], ListenAddresses.Configured(new ConfigurationBuilder().Build()));
    }
}
