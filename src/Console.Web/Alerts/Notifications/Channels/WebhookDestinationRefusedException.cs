namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>A webhook was about to connect to an address <see cref="WebhookAddressPolicy"/> refuses; nothing was sent.</summary>
public sealed class WebhookDestinationRefusedException : Exception
{
    public WebhookDestinationRefusedException()
    {
    }

    public WebhookDestinationRefusedException(string message) : base(message)
    {
    }

    public WebhookDestinationRefusedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
