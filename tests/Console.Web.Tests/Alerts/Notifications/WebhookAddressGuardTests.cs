using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Console.Web.Alerts.Notifications.Channels;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Tests.Support;
using Microsoft.Extensions.Options;

namespace Console.Web.Tests.Alerts.Notifications;

/// <summary>
/// Webhooks cannot reach loopback, link-local, private, unspecified or metadata addresses unless an administrator
/// allows the host; checked on the address each connection really goes to, over real sockets.
/// </summary>
public class WebhookAddressGuardTests
{
    private const string NotAllowed = "Alerts:Webhooks:AllowedHosts:0";

    // A host the tests never connect to, so the allow-list is set but does not cover 127.0.0.1.
    private static Dictionary<string, string?> AllowOnly(string entry) => new() { [NotAllowed] = entry };

    [Theory]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("127.10.20.30", "a loopback address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("::ffff:127.0.0.1", "a loopback address")]
    [InlineData("64:ff9b::7f00:1", "a loopback address")]
    [InlineData("0.0.0.0", "an unspecified (\"this network\") address")]
    [InlineData("::", "the unspecified address")]
    [InlineData("169.254.169.254", "the cloud metadata address")]
    [InlineData("fd00:ec2::254", "the cloud metadata address")]
    [InlineData("100.100.100.200", "a shared (carrier-grade NAT) address")]
    [InlineData("169.254.10.1", "a link-local address")]
    [InlineData("fe80::1", "a link-local address")]
    [InlineData("10.1.2.3", "a private address")]
    [InlineData("172.16.0.1", "a private address")]
    [InlineData("172.31.255.255", "a private address")]
    [InlineData("192.168.1.10", "a private address")]
    [InlineData("::ffff:192.168.1.10", "a private address")]
    [InlineData("fc00::1", "a private (unique local) address")]
    [InlineData("fd12:3456::1", "a private (unique local) address")]
    [InlineData("224.0.0.1", "a multicast address")]
    [InlineData("255.255.255.255", "a reserved address")]
    public void Internal_addresses_are_refused(string address, string kind) =>
        Assert.Equal(kind, WebhookAddressPolicy.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("8.8.8.8")]
    [InlineData("93.184.216.34")]
    [InlineData("172.32.0.1")]
    [InlineData("172.15.255.255")]
    [InlineData("192.169.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) =>
        Assert.Null(WebhookAddressPolicy.Classify(IPAddress.Parse(address)));

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", "127.0.0.1", true)]
    [InlineData("10.0.0.0/8", "hooks.internal", "10.20.30.40", true)]
    [InlineData("10.0.0.0/8", "hooks.internal", "192.168.0.1", false)]
    [InlineData("Hooks.Internal", "hooks.internal", "192.168.0.1", true)]
    [InlineData("hooks.internal", "other.internal", "192.168.0.1", false)]
    [InlineData("::1", "[::1]", "::1", true)]
    [InlineData("127.0.0.1", "localhost", "::ffff:127.0.0.1", true)]
    public void The_allow_list_names_hosts_addresses_or_networks(string entry, string host, string address, bool allowed)
    {
        var options = new WebhookOptions();
        options.AllowedHosts.Add(entry);
        var policy = new WebhookAddressPolicy(new StaticOptionsMonitor(options));

        Assert.Equal(allowed, policy.WhyRefused(host, IPAddress.Parse(address)) is null);
    }

    [Theory]
    [InlineData("not a host")]
    [InlineData("10.0.0.0/99")]
    [InlineData("")]
    public void A_bad_allow_list_entry_stops_the_start_with_its_name(string entry)
    {
        var options = new WebhookOptions();
        options.AllowedHosts.Add(entry);

        var error = Assert.Single(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
        Assert.StartsWith($"AllowedHosts:0 '{entry}' is not a host name", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_webhook_to_a_loopback_receiver_is_refused_once_recorded_with_the_reason_and_nothing_is_sent()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await DispatcherHost.StartAsync(AllowOnly("hooks.example.com"));
        var notification = SampleNotifications.Firing();

        await host.Dispatcher.EnqueueAsync(notification, [SampleNotifications.Webhook(receiver.Url)]);
        var attempt = Assert.Single(await host.AttemptsAsync(notification.Id, a => a.Count > 0));

        Assert.Equal(DeliveryOutcome.Failed, attempt.Outcome);
        Assert.Equal("refused to connect: 127.0.0.1 is a loopback address; webhooks may not reach loopback, link-local, private, unspecified or metadata addresses unless Alerts:Webhooks:AllowedHosts lists the host", attempt.Detail);
        Assert.Empty(receiver.Requests);
        // Not retried: the same address would be refused again. Give a retry the time it would need to show up.
        await Task.Delay(300);
        Assert.Single(await host.Log.ForNotificationAsync(notification.Id));
    }

    [Fact]
    public async Task A_host_name_is_checked_on_the_addresses_it_resolves_to()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await DispatcherHost.StartAsync(AllowOnly("hooks.example.com"));
        var byName = new UriBuilder(receiver.Url) { Host = "localhost" }.Uri;

        var result = await host.TestSender.SendAsync(SampleNotifications.Slack(byName));

        Assert.False(result.Delivered);
        Assert.False(result.Retryable);
        Assert.StartsWith("refused to connect: localhost resolves to ", result.Error, StringComparison.Ordinal);
        Assert.Contains("a loopback address", result.Error, StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    [Fact]
    public async Task An_allowed_network_lets_the_webhook_through()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = await DispatcherHost.StartAsync(AllowOnly("127.0.0.0/8"));

        var result = await host.TestSender.SendAsync(SampleNotifications.Webhook(receiver.Url));

        Assert.True(result.Delivered, result.Error);
        Assert.Single(receiver.Requests);
    }

    [Fact]
    public async Task A_redirect_is_not_followed_so_the_next_hop_gets_neither_the_request_nor_the_headers()
    {
        await using var target = await WebhookReceiver.StartAsync();
        await using var redirecting = await WebhookReceiver.StartRedirectingAsync(new Uri(target.Url, "/secret-path-of-the-next-hop"));
        await using var host = await DispatcherHost.StartAsync();

        var result = await host.TestSender.SendAsync(SampleNotifications.Webhook(redirecting.Url));

        Assert.False(result.Delivered);
        Assert.Equal(307, result.StatusCode);
        Assert.Contains($"the webhook redirects (to http://127.0.0.1:{target.Url.Port}/...), and redirects are not followed", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-path", result.Error, StringComparison.Ordinal);
        Assert.Single(redirecting.Requests);
        Assert.Empty(target.Requests);
    }

    [Fact]
    public async Task Send_test_over_the_api_shows_the_refusal()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var console = new ConsoleFactory();
        console.Settings[NotAllowed] = "hooks.example.com";
        using var client = console.CreateClient();
        var created = await client.PostAsJsonAsync("/api/alerts/channels", new { name = "internal hook", type = "Webhook", url = receiver.Url });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var tested = await client.PostAsync(new Uri($"/api/alerts/channels/{id}/test", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.OK, tested.StatusCode);
        var body = await tested.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(body.GetProperty("delivered").GetBoolean());
        Assert.StartsWith("refused to connect: 127.0.0.1 is a loopback address", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(receiver.Requests);
    }

    private sealed class StaticOptionsMonitor(WebhookOptions value) : IOptionsMonitor<WebhookOptions>
    {
        public WebhookOptions CurrentValue => value;

        public WebhookOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<WebhookOptions, string?> listener) => null;
    }
}
