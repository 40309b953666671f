using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Console.Web.Tests.Auth;

/// <summary>The built console as a process: what its first start prints, and the refusal of sign-in off on a public address.</summary>
public sealed partial class AuthProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("console-auth-process-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task SignInOffOnANonLoopbackAddressStopsTheStartWithOneLine()
    {
        using var process = Start("--Urls=http://0.0.0.0:0", "--Auth:Mode=None");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(120));
        Assert.Equal(1, process.ExitCode);
        var text = await output + await errors;
        Assert.Contains("Auth:Mode=None is only allowed on loopback addresses", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheFirstStartPrintsAOneTimePasswordOnStandardOutput_ThatSignsInOnceChanged()
    {
        var port = FreePort();
        using var process = Start($"--Urls=http://127.0.0.1:{port}");
        try
        {
            string? password = null;
            var logged = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            while (password is null && await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                logged.Add(line);
                if (PasswordLine().Match(line) is { Success: true } match)
                {
                    password = match.Groups[1].Value;
                }
            }

            Assert.NotNull(password);
            using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            var ready = await Support.Eventually.Get(async () =>
            {
                try
                {
                    return (await client.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode;
                }
                catch (HttpRequestException)
                {
                    return HttpStatusCode.ServiceUnavailable;
                }
            }, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            Assert.Equal(HttpStatusCode.OK, ready);

            var response = await Support.AuthConsole.PostLoginAsync(client, "admin", password);
            Assert.StartsWith("/account/password?required=true", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "Console.Web.dll"), $"--Storage:DataPath={Path.Combine(_folder, "data")}",
                     "--Ingest:JsonLines:Port=0", "--Ingest:Syslog:Port=0", "--Ingest:Files:Enabled=false", "--Ingest:HostMetrics:Enabled=false",
                 }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        // Not inherited from whoever runs the tests: the first start must generate the password.
        start.Environment.Remove(Web.Auth.AuthOptions.AdminPasswordVariable);
        return Process.Start(start)!;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"one-time password\s+(\S+)")]
    private static partial Regex PasswordLine();
}
