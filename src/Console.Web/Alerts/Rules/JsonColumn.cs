using System.Text.Json;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Console.Web.Alerts.Rules;

/// <summary>Small lists and maps kept as JSON text in one column: they are always read and written whole.</summary>
public static class JsonColumn
{
    public static readonly ValueConverter<IReadOnlyList<string>, string> StringList = new(
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
        v => JsonSerializer.Deserialize<List<string>>(v, (JsonSerializerOptions?)null) ?? new List<string>());

    public static readonly ValueComparer<IReadOnlyList<string>> StringListComparer = new(
        (a, b) => (a ?? new List<string>()).SequenceEqual(b ?? new List<string>()),
        v => v.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
        v => v.ToList());

    public static readonly ValueConverter<IReadOnlyDictionary<string, string>, string> StringMap = new(
        v => JsonSerializer.Serialize(v, (JsonSerializerOptions?)null),
        v => JsonSerializer.Deserialize<Dictionary<string, string>>(v, (JsonSerializerOptions?)null) ?? new Dictionary<string, string>());

    public static readonly ValueComparer<IReadOnlyDictionary<string, string>> StringMapComparer = new(
        (a, b) => (a ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal).SequenceEqual((b ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal)),
        v => v.Aggregate(0, (hash, pair) => HashCode.Combine(hash, pair.Key.GetHashCode(StringComparison.Ordinal), pair.Value.GetHashCode(StringComparison.Ordinal))),
        v => v.ToDictionary(p => p.Key, p => p.Value));
}
