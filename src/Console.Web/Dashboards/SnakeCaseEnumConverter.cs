using System.Text.Json;
using System.Text.Json.Serialization;

namespace Console.Web.Dashboards;

/// <summary>Writes and reads an enum by its snake_case name (<c>TimeSeries</c> ↔ <c>time_series</c>); usable in a <see cref="JsonConverterAttribute"/>.</summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
