namespace Console.Web.Alerts.Notifications;

/// <summary>The answer to one send: delivered or not, the HTTP or SMTP status, and whether trying again can help.</summary>
public sealed record ChannelSendResult(bool Delivered, int? StatusCode, string? Error, bool Retryable)
{
    public static ChannelSendResult Success(int? statusCode = null) => new(true, statusCode, null, false);

    public static ChannelSendResult Failure(int? statusCode, string error, bool retryable) => new(false, statusCode, error, retryable);
}
