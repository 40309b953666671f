namespace Console.Web.Apis;

/// <summary>The top values of the split field, the events of every other value, and the events without the field.</summary>
public sealed record SplitResponse(IReadOnlyList<SplitValueResponse> Values, long Other, long Missing);
