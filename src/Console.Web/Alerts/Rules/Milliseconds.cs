using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Console.Web.Alerts.Rules;

/// <summary>
/// Durations and instants as whole milliseconds in SQLite: integers sort and compare in SQL, where EF Core's SQLite
/// provider cannot compare its text form of <see cref="DateTimeOffset"/>.
/// </summary>
public static class Milliseconds
{
    public static readonly ValueConverter<TimeSpan, long> Converter = new(v => (long)v.TotalMilliseconds, v => TimeSpan.FromMilliseconds(v));

    public static readonly ValueConverter<DateTimeOffset, long> TimeConverter = new(v => v.ToUnixTimeMilliseconds(), v => DateTimeOffset.FromUnixTimeMilliseconds(v));

    public static readonly ValueConverter<DateTimeOffset?, long?> NullableTimeConverter = new(
        v => v.HasValue ? v.Value.ToUnixTimeMilliseconds() : null,
        v => v.HasValue ? DateTimeOffset.FromUnixTimeMilliseconds(v.Value) : null);
}
