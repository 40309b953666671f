using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Console.Web.Auth;

/// <summary>SQLite keeps no time zone: the auth tables write UTC and read it back marked as UTC.</summary>
internal static class Utc
{
    public static readonly ValueConverter<DateTime, DateTime> Required = new(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    public static readonly ValueConverter<DateTime?, DateTime?> Nullable = new(v => v, v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}
