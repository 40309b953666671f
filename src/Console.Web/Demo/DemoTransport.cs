namespace Console.Web.Demo;

/// <summary>Which receiver a demo record is sent to.</summary>
public enum DemoTransport
{
    /// <summary>JSON lines over TCP, as python-logstash-async ships Django and Celery records.</summary>
    JsonLinesTcp,

    /// <summary>RFC 5424 syslog over UDP, as nginx, PostgreSQL, Redis and the system log through rsyslog.</summary>
    SyslogUdp,
}
