namespace Console.Web.Discover;

/// <summary>How a save or update of a <see cref="SavedSearch"/> ended.</summary>
public enum SavedSearchOutcome
{
    Saved,
    Invalid,
    NotFound,
    DuplicateName,
}
