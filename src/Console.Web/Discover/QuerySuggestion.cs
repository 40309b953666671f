using Console.Shared.Events;

namespace Console.Web.Discover;

/// <summary>One entry of the query bar's suggestion list: a field name, or a value of the field being typed.</summary>
/// <param name="Label">What the list shows (the field name or the value).</param>
/// <param name="Insert">What replaces the token under the caret (<c>service:</c>, <c>service:"django-backend" </c>).</param>
/// <param name="Type">The field's type, for a field name.</param>
/// <param name="Count">How many events of the index pattern and time range hold the value, for a value.</param>
public sealed record QuerySuggestion(string Label, string Insert, FieldType? Type = null, long? Count = null);
