namespace Console.Web.Alerts.Notifications.Channels;

/// <summary>How the connection to the SMTP server is protected.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain text, for a relay on localhost or a trusted network.</summary>
    None,

    /// <summary>Connect in plain text, then upgrade with STARTTLS; the connection fails if the server cannot (usually port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    SslOnConnect,
}
