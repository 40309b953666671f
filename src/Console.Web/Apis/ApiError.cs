namespace Console.Web.Apis;

/// <summary>The body of every 4xx answer: what is wrong and, for a query, the 0-based character where.</summary>
public sealed record ApiError(string Error, int? Position = null);
