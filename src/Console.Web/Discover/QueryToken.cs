namespace Console.Web.Discover;

/// <summary>
/// The word of a query that the caret is in: where it starts, how long it is, and, after <c>field:</c>, the field and
/// the value typed so far.
/// </summary>
/// <param name="Start">Where the token starts in the query (after any <c>+</c>, <c>-</c> or <c>!</c>).</param>
/// <param name="Field">The field before the colon, or null while a field name (or a bare word) is being typed.</param>
/// <param name="Text">What is typed: the field name so far, or the value after the colon without its opening quote.</param>
public sealed record QueryToken(int Start, int Length, string? Field, string Text);
