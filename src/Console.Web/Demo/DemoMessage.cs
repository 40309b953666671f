namespace Console.Web.Demo;

/// <summary>One generated log record and the receiver it goes to: a JSON line for TCP 5000, or a syslog line for UDP 5514.</summary>
public sealed record DemoMessage(DemoTransport Transport, string Text);
