using System.Text;
using System.Text.Json.Nodes;
using Console.Ingest.Sources.Syslog;
using Console.Ingest.Tests.Support;

namespace Console.Ingest.Tests.Sources.Syslog;

public class SyslogMessageParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 23, 20, 0, TimeSpan.Zero);

    private static JsonObject Parse(string text, DateTimeOffset? now = null, string? sender = null) =>
        new SyslogMessageParser(new FixedClock(now ?? Now)).Parse(text, sender);

    private static string? Text(JsonObject e, string path) => EventField.Text(e, path);

    private static void AssertParsed(JsonObject e) =>
        Assert.True(e["tags"] is null, "expected a clean parse, got " + e.ToJsonString());

    private static void AssertFailed(JsonObject e, string raw)
    {
        Assert.Equal([SyslogMessageParser.FailureTag], e["tags"]!.AsArray().Select(t => (string?)t));
        Assert.Equal(raw, (string?)e["message"]);
        Assert.False(string.IsNullOrEmpty(Text(e, "syslog.parse_error")));
    }

    // RFC 5424 section 6.5, examples 1 to 4.

    [Fact]
    public void Rfc5424_example_with_msgid_and_bom_message()
    {
        var e = Parse("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - \uFEFF'su root' failed for lonvick on /dev/pts/8");

        AssertParsed(e);
        Assert.Equal("2003-10-11T22:14:15.003Z", Text(e, "@timestamp"));
        Assert.Equal("CRITICAL", Text(e, "log_level"));
        Assert.Equal(4, (int)e["syslog"]!["facility"]!);
        Assert.Equal("auth", Text(e, "syslog.facility_name"));
        Assert.Equal(2, (int)e["syslog"]!["severity"]!);
        Assert.Equal("crit", Text(e, "syslog.severity_name"));
        Assert.Equal("mymachine.example.com", Text(e, "host.name"));
        Assert.Equal("su", Text(e, "process.name"));
        Assert.Equal("su", Text(e, "service"));
        Assert.Null(e["process"]!["pid"]);
        Assert.Equal("ID47", Text(e, "syslog.msgid"));
        Assert.Null(e["syslog"]!["sd"]);
        Assert.Equal("'su root' failed for lonvick on /dev/pts/8", Text(e, "message"));
    }

    [Fact]
    public void Rfc5424_example_with_offset_time_and_procid()
    {
        var e = Parse("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts.");

        AssertParsed(e);
        Assert.Equal("2003-08-24T12:14:15.000Z", Text(e, "@timestamp"));
        Assert.Equal("local4", Text(e, "syslog.facility_name"));
        Assert.Equal("notice", Text(e, "syslog.severity_name"));
        Assert.Equal("INFO", Text(e, "log_level"));
        Assert.Equal("192.0.2.1", Text(e, "host.name"));
        Assert.Equal(8710L, (long)e["process"]!["pid"]!);
        Assert.Null(e["syslog"]!["msgid"]);
        Assert.Equal("%% It's time to make the do-nuts.", Text(e, "message"));
    }

    [Fact]
    public void Rfc5424_structured_data_becomes_syslog_sd_fields()
    {
        var e = Parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 " +
                      "[exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"][examplePriority@32473 class=\"high\"] " +
                      "\uFEFFAn application event log entry...");

        AssertParsed(e);
        Assert.Equal("3", Text(e, "syslog.sd.exampleSDID@32473.iut"));
        Assert.Equal("Application", Text(e, "syslog.sd.exampleSDID@32473.eventSource"));
        Assert.Equal("1011", Text(e, "syslog.sd.exampleSDID@32473.eventID"));
        Assert.Equal("high", Text(e, "syslog.sd.examplePriority@32473.class"));
        Assert.Equal("An application event log entry...", Text(e, "message"));
    }

    [Fact]
    public void Rfc5424_structured_data_without_message()
    {
        var e = Parse("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\"]");

        AssertParsed(e);
        Assert.Equal("3", Text(e, "syslog.sd.exampleSDID@32473.iut"));
        Assert.Equal("", Text(e, "message"));
    }

    [Fact]
    public void Rfc5424_escaped_quote_bracket_and_backslash_in_values_are_unescaped()
    {
        var e = Parse("<13>1 2026-11-23T23:14:45Z vm app - - [x@1 q=\"say \\\"hi\\\"\" b=\"a\\]b\" s=\"c:\\\\temp\" o=\"keep \\n as is\" r=\"]\"] text");

        AssertParsed(e);
        Assert.Equal("say \"hi\"", Text(e, "syslog.sd.x@1.q"));
        Assert.Equal("a]b", Text(e, "syslog.sd.x@1.b"));
        Assert.Equal("c:\\temp", Text(e, "syslog.sd.x@1.s"));
        Assert.Equal("keep \\n as is", Text(e, "syslog.sd.x@1.o"));
        Assert.Equal("]", Text(e, "syslog.sd.x@1.r"));
        Assert.Equal("text", Text(e, "message"));
    }

    [Fact]
    public void Rfc5424_repeated_parameter_keeps_every_value()
    {
        var e = Parse("<13>1 2026-11-23T23:14:45Z vm app - - [origin ip=\"10.0.0.1\" ip=\"10.0.0.2\"] m");

        Assert.Equal(["10.0.0.1", "10.0.0.2"], e["syslog"]!["sd"]!["origin"]!["ip"]!.AsArray().Select(v => (string?)v));
    }

    [Fact]
    public void Rfc5424_all_nil_values_take_the_time_of_arrival_and_the_senders_address()
    {
        var e = Parse("<14>1 - - - - - -", sender: "192.0.2.7");

        AssertParsed(e);
        Assert.Equal("2026-11-23T23:20:00.000Z", Text(e, "@timestamp"));
        Assert.Equal("192.0.2.7", Text(e, "host.name"));
        Assert.Null(e["process"]);
        Assert.Null(e["service"]);
        Assert.Equal("", Text(e, "message"));
        Assert.Equal("INFO", Text(e, "log_level"));
    }

    [Fact]
    public void Rfc5424_non_numeric_procid_is_kept_as_syslog_procid()
    {
        var e = Parse("<14>1 2026-11-23T23:14:45Z vm worker worker-3 - - busy");

        Assert.Null(e["process"]!["pid"]);
        Assert.Equal("worker-3", Text(e, "syslog.procid"));
    }

    [Fact]
    public void Rfc5424_message_starting_with_a_bracket_after_nil_structured_data_is_message_text()
    {
        var e = Parse("<46>1 2026-11-23T23:14:41.637312+00:00 vm rsyslogd - - - [origin software=\"rsyslogd\"] start");

        AssertParsed(e);
        Assert.Null(e["syslog"]!["sd"]);
        Assert.Equal("[origin software=\"rsyslogd\"] start", Text(e, "message"));
        Assert.Equal("2026-11-23T23:14:41.637Z", Text(e, "@timestamp"));
    }

    [Fact]
    public void Rfc5424_from_rsyslog_relaying_a_3164_message_loses_the_doubled_space()
    {
        // rsyslog keeps the space after "tag:" as part of the message, so its RFC 5424 output has two spaces.
        var e = Parse("<86>1 2026-11-23T23:14:45.533055+00:00 localhost thebot-audit 23688 - -  INFO event=login_success");

        Assert.Equal("INFO event=login_success", Text(e, "message"));
        Assert.Equal(23688L, (long)e["process"]!["pid"]!);
    }

    [Fact]
    public void Rfc5424_fraction_of_nine_digits_and_lower_case_separators_are_read()
    {
        var e = Parse("<14>1 2026-11-23t23:14:45.123456789z vm app - - - m");

        AssertParsed(e);
        Assert.Equal("2026-11-23T23:14:45.123Z", Text(e, "@timestamp"));
    }

    [Fact]
    public void Rfc5424_trailing_line_end_is_not_part_of_the_message()
    {
        // rsyslog's RSYSLOG_SyslogProtocol23Format ends in "\n", inside the octet count.
        var e = Parse("<13>1 2026-11-23T23:14:45Z vm app - - - hello\r\n");

        Assert.Equal("hello", Text(e, "message"));
    }

    [Fact]
    public void Utf8_bytes_are_decoded()
    {
        var parser = new SyslogMessageParser(new FixedClock(Now));
        var e = parser.Parse(Encoding.UTF8.GetBytes("<13>1 2026-11-23T23:14:45Z vm app - - - \uFEFFcaf\u00e9 \u2713"));

        Assert.Equal("caf\u00e9 \u2713", Text(e, "message"));
    }

    // RFC 3164 as real senders emit it.

    [Fact]
    public void Nginx_access_log_over_syslog()
    {
        var e = Parse("<190>Nov 23 23:14:45 vm nginx: 203.0.113.218 - - [23/Nov/2026:23:14:45 +0000] \"POST /api/login/ HTTP/1.1\" 200 14 \"-\" \"curl/7.88.1\"");

        AssertParsed(e);
        Assert.Equal("2026-11-23T23:14:45.000Z", Text(e, "@timestamp"));
        Assert.Equal("local7", Text(e, "syslog.facility_name"));
        Assert.Equal(23, (int)e["syslog"]!["facility"]!);
        Assert.Equal("info", Text(e, "syslog.severity_name"));
        Assert.Equal("INFO", Text(e, "log_level"));
        Assert.Equal("vm", Text(e, "host.name"));
        Assert.Equal("nginx", Text(e, "process.name"));
        Assert.Equal("nginx", Text(e, "service"));
        Assert.StartsWith("203.0.113.218 - - [23/Nov/2026", Text(e, "message"), StringComparison.Ordinal);
    }

    [Fact]
    public void Logger_rfc3164_with_pid()
    {
        var e = Parse("<13>Nov 25 19:48:10 vm myapp[16855]: hello udp 3164 pid", now: new DateTimeOffset(2026, 11, 25, 19, 48, 11, TimeSpan.Zero));

        AssertParsed(e);
        Assert.Equal("2026-11-25T19:48:10.000Z", Text(e, "@timestamp"));
        Assert.Equal("user", Text(e, "syslog.facility_name"));
        Assert.Equal("notice", Text(e, "syslog.severity_name"));
        Assert.Equal("myapp", Text(e, "process.name"));
        Assert.Equal(16855L, (long)e["process"]!["pid"]!);
        Assert.Equal("hello udp 3164 pid", Text(e, "message"));
    }

    [Fact]
    public void Single_digit_day_is_space_padded()
    {
        var e = Parse("<190>Nov  3 07:04:05 web1 nginx: x", now: new DateTimeOffset(2026, 11, 3, 8, 0, 0, TimeSpan.Zero));

        AssertParsed(e);
        Assert.Equal("2026-11-03T07:04:05.000Z", Text(e, "@timestamp"));
        Assert.Equal("web1", Text(e, "host.name"));
    }

    [Fact]
    public void Var_log_syslog_line_without_pri()
    {
        var e = Parse("Nov 23 23:14:45 localhost thebot-audit[23688]: INFO event=login_success user_id=3");

        AssertParsed(e);
        Assert.Equal("2026-11-23T23:14:45.000Z", Text(e, "@timestamp"));
        Assert.Null(e["log_level"]);
        Assert.Null(e["syslog"]);
        Assert.Equal("localhost", Text(e, "host.name"));
        Assert.Equal("thebot-audit", Text(e, "process.name"));
        Assert.Equal(23688L, (long)e["process"]!["pid"]!);
        Assert.Equal("INFO event=login_success user_id=3", Text(e, "message"));
    }

    [Fact]
    public void Tag_without_colon_as_rsyslog_writes_an_rfc5424_sender()
    {
        var e = Parse("Nov 23 23:14:45 vm thebot-healthcheck db ok");

        AssertParsed(e);
        Assert.Equal("vm", Text(e, "host.name"));
        Assert.Equal("thebot-healthcheck", Text(e, "process.name"));
        Assert.Equal("db ok", Text(e, "message"));
    }

    [Fact]
    public void Python_sysloghandler_and_gunicorn_send_no_timestamp_and_no_host()
    {
        var e = Parse("<14>gunicorn.thebot.error: [23687] Starting gunicorn 20.1.0", sender: "127.0.0.1");

        AssertParsed(e);
        Assert.Equal("2026-11-23T23:20:00.000Z", Text(e, "@timestamp"));
        Assert.Equal("127.0.0.1", Text(e, "host.name"));
        Assert.Equal("gunicorn.thebot.error", Text(e, "process.name"));
        Assert.Equal("[23687] Starting gunicorn 20.1.0", Text(e, "message"));
        Assert.Equal("INFO", Text(e, "log_level"));
    }

    [Fact]
    public void Python_sysloghandler_with_ident_and_pid()
    {
        var e = Parse("<86>thebot-audit[23688]: INFO event=login_success\x00", sender: "127.0.0.1");

        AssertParsed(e);
        Assert.Equal("authpriv", Text(e, "syslog.facility_name"));
        Assert.Equal("thebot-audit", Text(e, "process.name"));
        Assert.Equal(23688L, (long)e["process"]!["pid"]!);
        Assert.Equal("INFO event=login_success", Text(e, "message"));
    }

    [Fact]
    public void Rfc3339_timestamp_in_a_3164_frame_as_rsyslog_forward_format_and_debian_13_files_write_it()
    {
        var withPri = Parse("<13>2026-11-23T23:14:45.123456+01:00 vm app[7]: high precision");
        var file = Parse("2026-11-23T23:14:45.123456+00:00 vm app: from a file");

        AssertParsed(withPri);
        Assert.Equal("2026-11-23T22:14:45.123Z", Text(withPri, "@timestamp"));
        Assert.Equal("vm", Text(withPri, "host.name"));
        Assert.Equal(7L, (long)withPri["process"]!["pid"]!);
        Assert.Equal("high precision", Text(withPri, "message"));
        AssertParsed(file);
        Assert.Equal("app", Text(file, "process.name"));
        Assert.Equal("from a file", Text(file, "message"));
    }

    [Fact]
    public void Fractional_seconds_and_explicit_year_variants()
    {
        var fraction = Parse("<13>Nov 23 23:14:45.250 vm app: f");
        var year = Parse("<13>Nov 23 2025 23:14:45 vm app: y");

        Assert.Equal("2026-11-23T23:14:45.250Z", Text(fraction, "@timestamp"));
        Assert.Equal("f", Text(fraction, "message"));
        Assert.Equal("2025-11-23T23:14:45.000Z", Text(year, "@timestamp"));
        Assert.Equal("app", Text(year, "process.name"));
    }

    [Fact]
    public void Message_without_a_tag_keeps_its_text()
    {
        var e = Parse("<13>Nov 23 23:14:45 vm [12] no tag here");

        AssertParsed(e);
        Assert.Equal("vm", Text(e, "host.name"));
        Assert.Null(e["process"]);
        Assert.Equal("[12] no tag here", Text(e, "message"));
    }

    [Theory]
    [InlineData("2027-01-01T00:10:00Z", "Dec 31 23:59:59", "2026-12-31T23:59:59.000Z")] // just after new year: last year
    [InlineData("2026-12-31T23:30:00Z", "Jan  1 00:10:00", "2027-01-01T00:10:00.000Z")] // a sender's clock a little ahead: next year
    [InlineData("2026-06-01T12:00:00Z", "Jun  1 12:00:00", "2026-06-01T12:00:00.000Z")]
    [InlineData("2026-06-01T12:00:00Z", "Jun  2 11:59:59", "2026-06-02T11:59:59.000Z")] // less than a day ahead
    [InlineData("2026-06-01T12:00:00Z", "Jun  3 12:00:00", "2025-06-03T12:00:00.000Z")] // more than a day ahead: last year
    [InlineData("2029-03-01T00:00:00Z", "Feb 29 10:00:00", "2028-02-29T10:00:00.000Z")] // only leap years have Feb 29
    [InlineData("2026-03-01T00:00:00Z", "Feb 29 10:00:00", "2024-02-29T10:00:00.000Z")]
    public void Year_of_a_3164_date_is_the_one_closest_to_now_and_not_more_than_a_day_ahead(string now, string date, string expected)
    {
        var e = Parse($"<13>{date} host app: m", now: DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture));

        AssertParsed(e);
        Assert.Equal(expected, Text(e, "@timestamp"));
    }

    [Theory]
    [InlineData(0, "CRITICAL", "emerg")]
    [InlineData(1, "CRITICAL", "alert")]
    [InlineData(2, "CRITICAL", "crit")]
    [InlineData(3, "ERROR", "err")]
    [InlineData(4, "WARNING", "warning")]
    [InlineData(5, "INFO", "notice")]
    [InlineData(6, "INFO", "info")]
    [InlineData(7, "DEBUG", "debug")]
    public void Severity_maps_to_log_level(int severity, string level, string name)
    {
        var e = Parse($"<{16 * 8 + severity}>1 2026-11-23T23:14:45Z vm app - - - m");

        Assert.Equal(level, Text(e, "log_level"));
        Assert.Equal(name, Text(e, "syslog.severity_name"));
        Assert.Equal(severity, (int)e["syslog"]!["severity"]!);
        Assert.Equal("local0", Text(e, "syslog.facility_name"));
    }

    [Theory]
    [InlineData(0, "kern")]
    [InlineData(3, "daemon")]
    [InlineData(5, "syslog")]
    [InlineData(9, "cron")]
    [InlineData(10, "authpriv")]
    [InlineData(23, "local7")]
    public void Facility_has_rsyslogs_name(int facility, string name)
    {
        var e = Parse($"<{facility * 8 + 6}>Nov 23 23:14:45 vm app: m");

        Assert.Equal(facility, (int)e["syslog"]!["facility"]!);
        Assert.Equal(name, Text(e, "syslog.facility_name"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("hello world")]
    [InlineData("<192>Nov 23 23:14:45 vm app: pri too large")]
    [InlineData("<013>Nov 23 23:14:45 vm app: leading zero")]
    [InlineData("<abc>text")]
    [InlineData("<13")]
    [InlineData("<>x")]
    [InlineData("<13>1 yesterday vm app - - - bad time")]
    [InlineData("<13>1 2026-02-30T10:00:00Z vm app - - - no such day")]
    [InlineData("<13>1 2026-11-23T23:14:45 vm app - - - no offset")]
    [InlineData("<13>1 2026-11-23T23:14:45Z vm app")]
    [InlineData("<13>1 2026-11-23T23:14:45Z vm app - - [unterminated k=\"v\"")]
    [InlineData("<13>1 2026-11-23T23:14:45Z vm app - - [id k=v] unquoted")]
    [InlineData("<13>1 2026-11-23T23:14:45Z vm app - - [id k=\"v] no closing quote")]
    [InlineData("<13>1 2026-11-23T23:14:45Z vm app - - [] empty id")]
    [InlineData("<13>1 2026-11-23T23:14:45Z vm app - - [id k=\"v\"]no space")]
    [InlineData("<13>1 2026-11-23T23:14:45Z vm app - - x not sd")]
    [InlineData("<13>Feb 30 10:00:00 vm app: no such day")]
    [InlineData("<13>Nov 23 25:14:45 vm app: no such hour")]
    public void Malformed_message_is_kept_raw_and_tagged(string raw)
    {
        var e = Parse(raw);

        AssertFailed(e, raw);
        Assert.Equal("2026-11-23T23:20:00.000Z", Text(e, "@timestamp"));
    }

    [Fact]
    public void Malformed_message_with_a_valid_pri_keeps_its_level()
    {
        var e = Parse("<11>1 garbage", sender: "10.1.2.3");

        AssertFailed(e, "<11>1 garbage");
        Assert.Equal("ERROR", Text(e, "log_level"));
        Assert.Equal("user", Text(e, "syslog.facility_name"));
        Assert.Equal("10.1.2.3", Text(e, "host.name"));
    }

    [Fact]
    public void Random_input_never_throws()
    {
        var random = new Random(20261123);
        var prefixes = new[] { "", "<13>", "<13>1 ", "<13>1 2026-11-23T23:14:45Z vm app - - ", "<190>Nov 23 23:14:45 ", "Nov  3 ", "<13>1 - - - - - [" };
        const string alphabet = "<>0123456789 -[]=\"\\:TZ.+NovJanFeb\n\r\0\uFEFF\u00e9@ab";
        var parser = new SyslogMessageParser(new FixedClock(Now));
        for (var i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder(prefixes[random.Next(prefixes.Length)]);
            var length = random.Next(0, 60);
            for (var j = 0; j < length; j++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var e = parser.Parse(text.ToString());

            Assert.NotNull(e["message"]);
            Assert.NotNull(e["@timestamp"]);
        }
    }

    [Fact]
    public void Random_bytes_never_throw()
    {
        var random = new Random(5514);
        var parser = new SyslogMessageParser(new FixedClock(Now));
        for (var i = 0; i < 5_000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);

            Assert.NotNull(parser.Parse(bytes)["message"]);
        }
    }
}
