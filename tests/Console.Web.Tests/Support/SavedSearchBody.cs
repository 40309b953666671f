namespace Console.Web.Tests.Support;

/// <summary>A saved search as <c>/api/saved-searches</c> answers it.</summary>
public sealed record SavedSearchBody(long Id, string Name, string Index, string Query, string From, string To, List<string> Columns, string Url, DateTime Created, DateTime Updated);
