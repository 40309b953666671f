using System.Globalization;
using Console.Shared.Events;

namespace Console.Shared.Tests.Events;

/// <summary>The read-by-position path for the local formats must read what DateTime.TryParseExact reads, or leave the text to it.</summary>
public class TimestampParserLocalDigitsTests
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd HH:mm:ss,fff", "yyyy-MM-dd HH:mm:ss.fff", "yyyy-MM-dd HH:mm:ss.ffffff", "yyyy-MM-dd HH:mm:ss",
        "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd",
    ];

    public static TheoryData<string> Texts =>
    [
        "2026-11-23 23:14:44,037", "2026-11-23 23:14:44.037", "2026-11-23 23:14:44.037512", "2026-11-23 23:14:44",
        "2026-11-23T23:14:44", "2026-11-23", "0001-01-01 00:00:00,000", "9999-12-31 23:59:59.999999", "2024-02-29 12:00:00",
        "1969-12-31 23:59:59,999",
    ];

    public static TheoryData<string> LeftToTheGeneralParsers =>
    [
        "2025-02-29 12:00:00", "2026-13-01", "2026-00-10", "2026-11-31", "0000-01-01", "2026-11-23 24:00:00",
        "2026-11-23 23:60:00", "2026-11-23 23:59:60", "2026-11-23T23:14:44.037", "2026-11-23T23:14:44,037",
        "2026-11-23 23:14:44,037512", "2026-11-23 23:14:44;037", "2026/11/23", "2026-11-23_23:14:44", "2026-1a-23",
        "２０２６-11-23", "2026-11-23 23.14.44", "-026-11-23", "2026-11-2 23:14:44", "2026-11-23 23:14:44.03",
    ];

    [Theory]
    [MemberData(nameof(Texts))]
    public void Reads_the_local_formats_as_TryParseExact_does(string text)
    {
        Assert.True(DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expected));

        Assert.True(TimestampParser.TryParseLocalDigits(text, out var read));

        Assert.Equal(expected, read);
        Assert.Equal(expected.Kind, read.Kind);
    }

    [Theory]
    [MemberData(nameof(LeftToTheGeneralParsers))]
    public void Leaves_anything_else_to_the_general_parsers(string text)
    {
        Assert.False(TimestampParser.TryParseLocalDigits(text, out _));
    }

    [Fact]
    public void Every_second_of_a_leap_year_reads_as_TryParseExact_does()
    {
        // Every day of 2024 at a few times of day, in each of the local formats.
        for (var day = new DateTime(2024, 1, 1); day.Year == 2024; day = day.AddDays(1))
        {
            foreach (var time in new[] { new TimeSpan(0, 0, 0), new TimeSpan(0, 9, 7, 5, 42), new TimeSpan(0, 23, 59, 59, 999) })
            {
                var at = day + time;
                foreach (var format in Formats)
                {
                    var text = at.ToString(format, CultureInfo.InvariantCulture);
                    Assert.True(DateTime.TryParseExact(text, Formats, CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var expected), text);
                    Assert.True(TimestampParser.TryParseLocalDigits(text, out var read), text);
                    Assert.Equal(expected, read);
                }
            }
        }
    }
}
