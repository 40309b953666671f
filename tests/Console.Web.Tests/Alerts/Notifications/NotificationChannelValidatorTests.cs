using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Channels;
using Console.Web.Tests.Support;
using Microsoft.Extensions.Options;

namespace Console.Web.Tests.Alerts.Notifications;

public class NotificationChannelValidatorTests
{
    private static readonly NotificationChannelValidator WithSmtp = new(Options.Create(new SmtpOptions { Host = "smtp.thebot.test", From = "alerts@thebot.test" }));
    private static readonly NotificationChannelValidator WithoutSmtp = new(Options.Create(new SmtpOptions()));

    [Fact]
    public void GoodChannels_HaveNoErrors()
    {
        Assert.Empty(WithSmtp.Validate(SampleNotifications.Webhook(new Uri("https://hooks.example.com/x"))));
        Assert.Empty(WithSmtp.Validate(SampleNotifications.Slack(new Uri("https://hooks.slack.com/services/T/B/X"))));
        Assert.Empty(WithSmtp.Validate(SampleNotifications.Email("oncall@thebot.test", "Ops <ops@thebot.test>")));
        Assert.Empty(WithoutSmtp.Validate(SampleNotifications.ConsoleFeed()));
    }

    [Theory]
    [InlineData("/hooks/alerts", "'/hooks/alerts' is not an absolute URL; write it whole, such as https://hooks.example.com/alerts.")]
    [InlineData("hooks.example.com/alerts", "'hooks.example.com/alerts' is not an absolute URL; write it whole, such as https://hooks.example.com/alerts.")]
    [InlineData("ftp://hooks.example.com/alerts", "'ftp://hooks.example.com/alerts' uses ftp:; a webhook URL must start with http:// or https://.")]
    [InlineData("", "A webhook needs a URL.")]
    public void WebhookUrl_ThatIsNotAnAbsoluteHttpUrl_IsRefused(string url, string message)
    {
        var channel = SampleNotifications.Webhook(new Uri("https://ok.example.com")) with { Url = url };

        var error = Assert.Single(WithSmtp.Validate(channel));

        Assert.Equal(new ChannelValidationError("Url", message), error);
    }

    [Fact]
    public void SlackUrl_IsCheckedLikeAWebhookUrl()
    {
        var channel = SampleNotifications.Slack(new Uri("https://ok.example.com")) with { Url = "not a url" };

        Assert.Equal("Url", Assert.Single(WithSmtp.Validate(channel)).Field);
    }

    [Fact]
    public void Headers_WithBadNamesReservedNamesOrLineBreaks_AreRefused()
    {
        var channel = SampleNotifications.Webhook(new Uri("https://ok.example.com")) with
        {
            Headers = new Dictionary<string, string>
            {
                ["X Bad"] = "1",
                ["Content-Type"] = "text/plain",
                ["X-Ok"] = "a\r\nInjected: yes",
                ["Authorization"] = "Bearer fine",
            },
        };

        var errors = WithSmtp.Validate(channel);

        Assert.Equal(
            [
                new ChannelValidationError("Headers[X Bad]", "'X Bad' is not a valid header name (letters, digits and !#$%&'*+-.^_`|~ only)."),
                new ChannelValidationError("Headers[Content-Type]", "Content-Type is set by the console itself and cannot be overridden."),
                new ChannelValidationError("Headers[X-Ok]", "The value of X-Ok contains a line break."),
            ],
            errors);
    }

    [Fact]
    public void Email_WithoutAnSmtpServer_SaysWhichSettingIsMissing()
    {
        var error = Assert.Single(WithoutSmtp.Validate(SampleNotifications.Email("oncall@thebot.test")));

        Assert.Equal(new ChannelValidationError("Type", "Email is off: no SMTP server is set (Alerts:Smtp:Host)."), error);
    }

    [Fact]
    public void Email_WithInvalidOrNoRecipients_NamesEachBadAddress()
    {
        var errors = WithSmtp.Validate(SampleNotifications.Email("oncall@thebot.test", "not an address", "oncall", "a@"));

        Assert.Equal(
            ["'not an address' is not an email address.", "'oncall' is not an email address.", "'a@' is not an email address."],
            errors.Select(e => e.Message));
        Assert.All(errors, e => Assert.Equal("Recipients", e.Field));
        Assert.Equal("An email channel needs at least one recipient.", Assert.Single(WithSmtp.Validate(SampleNotifications.Email())).Message);
    }

    [Fact]
    public void Channel_WithoutIdOrName_IsRefused()
    {
        var channel = SampleNotifications.ConsoleFeed() with { Id = " ", Name = "" };

        Assert.Equal(["Id", "Name"], WithSmtp.Validate(channel).Select(e => e.Field));
    }
}
