using System.Net.Sockets;
using System.Text;
using Console.Ingest.Sources.Gelf;
using Console.Ingest.Sources.JsonLines;
using Console.Ingest.Sources.Syslog;
using Console.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Console.Web.Tests.Ingest;

/// <summary>
/// An escaped lone surrogate (<c>"\ud800"</c>) is valid JSON that no UTF-8 writer can write. Every receiver that takes
/// JSON keeps such an event with U+FFFD in place of the half pair, as NDJSON does, instead of refusing or losing it.
/// </summary>
public class LoneSurrogateReceiversTests(ReceiverConsole console) : IClassFixture<ReceiverConsole>
{
    /// <summary>A field value as the sender writes it: 'a', half a surrogate pair, 'b'.</summary>
    private const string EscapedHalf = "a\\ud800b";

    private const string RepairedHalf = "a\uFFFDb";

    [Theory]
    [InlineData("tcp-json")]
    [InlineData("udp-json")]
    [InlineData("http-ndjson")]
    [InlineData("http-bulk")]
    [InlineData("clef-http")]
    [InlineData("gelf-tcp")]
    [InlineData("gelf-udp")]
    [InlineData("otlp-http-json")]
    [InlineData("syslog-tcp-json")]
    [InlineData("syslog-udp-json")]
    public async Task An_escaped_lone_surrogate_is_kept_as_U_FFFD(string receiver)
    {
        var marker = "lone" + Guid.NewGuid().ToString("N");
        // The same event in every receiver's own format: a message with the marker and a field "half".
        var json = $$"""{"message":"surrogate {{marker}}","half":"{{EscapedHalf}}"}""";
        switch (receiver)
        {
            case "tcp-json":
                await SendTcpAsync((await JsonLinesPorts()).Tcp, json + "\n");
                break;
            case "udp-json":
                await SendUdpAsync((await JsonLinesPorts()).Udp, json);
                break;
            case "http-ndjson":
                await PostAsync("api/ingest", "application/x-ndjson", json + "\n");
                break;
            case "http-bulk":
                await PostAsync("thebot-logs/_bulk", "application/x-ndjson", "{\"index\":{}}\n" + json + "\n");
                break;
            case "clef-http":
                await PostAsync($"ingest/clef?apiKey={ReceiverConsole.ClefApiKey}", "application/vnd.serilog.clef",
                    $$"""{"@t":"{{DateTimeOffset.UtcNow:O}}","@m":"surrogate {{marker}}","half":"{{EscapedHalf}}"}""" + "\n");
                break;
            case "gelf-tcp":
                await SendTcpAsync(Gelf.TcpEndpoint!.Port, GelfMessage(marker) + "\0");
                break;
            case "gelf-udp":
                await SendUdpAsync(Gelf.UdpEndpoint!.Port, GelfMessage(marker));
                break;
            case "otlp-http-json":
                await PostAsync("v1/logs", "application/json",
                    "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\"surrogate " + marker + "\"}," +
                    "\"attributes\":[{\"key\":\"half\",\"value\":{\"stringValue\":\"" + EscapedHalf + "\"}}]}]}]}]}");
                break;
            case "syslog-tcp-json":
                await SendTcpAsync(Syslog.TcpEndpoint!.Port, SyslogMessage(json) + "\n");
                break;
            case "syslog-udp-json":
                await SendUdpAsync(Syslog.UdpEndpoint!.Port, SyslogMessage(json));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(receiver));
        }

        var source = (await console.SearchAsync($"message:{marker}", 1)).GetProperty("hits")[0].GetProperty("_source");
        Assert.Equal(RepairedHalf, source.GetProperty("half").GetString());
    }

    private GelfReceiver Gelf => console.Services.GetRequiredService<GelfReceiver>();

    private SyslogReceiver Syslog => console.Services.GetRequiredService<SyslogReceiver>();

    private Task<(int Tcp, int Udp)> JsonLinesPorts() => console.Services.GetRequiredService<JsonLinesReceiver>().BoundPorts;

    private static string GelfMessage(string marker) =>
        $$"""{"version":"1.1","host":"surrogate-host","short_message":"surrogate {{marker}}","_half":"{{EscapedHalf}}"}""";

    /// <summary>RFC 5424 from a program whose messages are JSON (ReceiverConsole maps it to the json parser).</summary>
    private static string SyslogMessage(string json) =>
        $"<14>1 {DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} surrogate-host {ReceiverConsole.JsonSyslogProgram} - - - {json}";

    private async Task PostAsync(string path, string contentType, string body)
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        using var response = await console.Http.PostAsync(new Uri(path, UriKind.Relative), content);
        var answer = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {answer}");
        Assert.DoesNotContain("\"errors\":true", answer, StringComparison.Ordinal); // _bulk's per-item failures
    }

    private static async Task SendTcpAsync(int port, string frames)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
        await client.GetStream().WriteAsync(Encoding.UTF8.GetBytes(frames));
    }

    private static async Task SendUdpAsync(int port, string datagram)
    {
        using var client = new UdpClient(AddressFamily.InterNetwork);
        await client.SendAsync(Encoding.UTF8.GetBytes(datagram), new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
    }
}
