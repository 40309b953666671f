using Console.Ingest.Parsing;

namespace Console.Ingest.Tests.Parsing;

public class LogTimestampsTests
{
    private static DateTimeOffset Utc(int y, int mo, int d, int h, int mi, int s, int ms = 0) => new(y, mo, d, h, mi, s, ms, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-23 23:14:44,037")]
    [InlineData("2026-11-23 23:14:44.037")]
    [InlineData("2026-11-23T23:14:44.037Z")]
    [InlineData("2026-11-23 23:14:44.037 UTC")]
    [InlineData("2026-11-23 23:14:44.037 +0000")]
    [InlineData("2026-11-24T01:14:44.037+02:00")]
    [InlineData("2026-11-23 18:14:44.037 -0500")]
    [InlineData("2026-11-23T23:14:44.0370001Z")]
    public void Iso_like_times_with_any_separator_fraction_and_zone(string text)
    {
        Assert.True(LogTimestamps.TryParseIso(text, out var value));
        Assert.Equal(Utc(2026, 11, 23, 23, 14, 44, 37), value.AddTicks(-(value.Ticks % TimeSpan.TicksPerMillisecond)));
    }

    [Fact]
    public void Nginx_error_log_times_use_slashes()
    {
        Assert.True(LogTimestamps.TryParseIso("2026/11/23 23:14:45", out var value));
        Assert.Equal(Utc(2026, 11, 23, 23, 14, 45), value);
    }

    [Theory]
    [InlineData("2026-13-01 00:00:00")]
    [InlineData("2026-02-30 00:00:00")]
    [InlineData("2026-11-23 24:00:00")]
    [InlineData("2026-11-23 23:14:44 CEST")]
    [InlineData("2026-11-23/23:14:44")]
    [InlineData("2026-11/23 23:14:44")]
    public void Impossible_or_ambiguous_times_are_refused(string text)
    {
        Assert.False(LogTimestamps.TryParseIso(text, out _));
    }

    [Fact]
    public void Http_dates_carry_their_offset()
    {
        Assert.True(LogTimestamps.TryParseHttpDate("23/Nov/2026:23:14:45 +0000", out var utc));
        Assert.True(LogTimestamps.TryParseHttpDate("24/Nov/2026:00:14:45 +0100", out var cet));

        Assert.Equal(Utc(2026, 11, 23, 23, 14, 45), utc);
        Assert.Equal(utc, cet);
    }

    [Fact]
    public void Redis_dates_put_the_day_first()
    {
        Assert.True(LogTimestamps.TryParseDayMonthYear("23 Nov 2026 23:14:42.907", out var value));
        Assert.Equal(Utc(2026, 11, 23, 23, 14, 42, 907), value);
    }

    [Fact]
    public void A_syslog_date_takes_this_years_when_that_is_in_the_past()
    {
        var now = Utc(2026, 11, 24, 12, 0, 0);

        Assert.True(LogTimestamps.TryParseSyslog("Nov 23 23:14:41", now, out var value));
        Assert.Equal(Utc(2026, 11, 23, 23, 14, 41), value);
    }

    [Fact]
    public void A_December_line_read_in_January_belongs_to_the_old_year()
    {
        var now = Utc(2027, 1, 1, 0, 30, 0);

        Assert.True(LogTimestamps.TryParseSyslog("Dec 31 23:59:58", now, out var value));
        Assert.Equal(Utc(2026, 12, 31, 23, 59, 58), value);
    }

    [Fact]
    public void A_date_up_to_a_day_ahead_stays_in_this_year_for_clock_skew_and_zones()
    {
        var now = Utc(2026, 6, 15, 12, 0, 0);

        Assert.True(LogTimestamps.TryParseSyslog("Jun 16 08:00:00", now, out var skewed));
        Assert.True(LogTimestamps.TryParseSyslog("Jun 17 08:00:00", now, out var tooFar));

        Assert.Equal(Utc(2026, 6, 16, 8, 0, 0), skewed);
        Assert.Equal(Utc(2025, 6, 17, 8, 0, 0), tooFar);
    }

    [Fact]
    public void The_29th_of_February_goes_back_to_the_last_leap_year()
    {
        var now = Utc(2027, 3, 10, 0, 0, 0);

        Assert.True(LogTimestamps.TryParseSyslog("Feb 29 10:00:00", now, out var value));
        Assert.Equal(Utc(2024, 2, 29, 10, 0, 0), value);
    }

    [Fact]
    public void Single_digit_syslog_days_are_padded_with_a_space()
    {
        Assert.True(LogTimestamps.TryParseSyslog("Nov  3 01:02:03", Utc(2026, 11, 24, 0, 0, 0), out var value));
        Assert.Equal(Utc(2026, 11, 3, 1, 2, 3), value);
    }

    [Fact]
    public void Old_redis_dates_have_no_year_either()
    {
        Assert.True(LogTimestamps.TryParseDayMonth("14 Nov 07:01:22.119", Utc(2026, 11, 24, 0, 0, 0), out var value));
        Assert.Equal(Utc(2026, 11, 14, 7, 1, 22, 119), value);
    }

    [Theory]
    [InlineData("2026-11-23T23:14:45Z")]
    [InlineData("23/Nov/2026:23:14:45 +0000")]
    [InlineData("23 Nov 2026 23:14:45")]
    [InlineData("Nov 23 23:14:45")]
    [InlineData("1795475685")]
    public void Any_format_is_tried_for_generic_grok_timestamps(string text)
    {
        Assert.True(LogTimestamps.TryParseAny(text, Utc(2026, 11, 24, 0, 0, 0), out var value));
        Assert.Equal(Utc(2026, 11, 23, 23, 14, 45), value);
    }
}
