using Console.Shared.Query.Limits;
using Microsoft.Extensions.Options;
using Console.Shared.Query;
using Console.Shared.Storage;
using Console.Web.Apis;
using Console.Web.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Console.Web.Discover;

/// <summary>
/// Saved searches in the console's database. Input is checked as <c>GET /api/search</c> checks it (index pattern, times,
/// the query against the pattern's fields), so a saved search always opens.
/// </summary>
public sealed class SavedSearchService(IDbContextFactory<ConsoleDbContext> contexts, ILogStore store, TimeProvider clock, IOptions<QueryLimitsOptions>? limits = null)
{
    /// <summary>Every saved search, by name.</summary>
    public async Task<IReadOnlyList<SavedSearch>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SavedSearches.AsNoTracking().OrderBy(s => s.Name).ToListAsync(cancellationToken);
    }

    public async Task<SavedSearch?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SavedSearches.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    public Task<SavedSearchResult> CreateAsync(SavedSearchInput input, CancellationToken cancellationToken = default) =>
        SaveAsync(null, input, cancellationToken);

    public Task<SavedSearchResult> UpdateAsync(long id, SavedSearchInput input, CancellationToken cancellationToken = default) =>
        SaveAsync(id, input, cancellationToken);

    /// <summary>False when there is no saved search <paramref name="id"/>.</summary>
    public async Task<bool> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.SavedSearches.Where(s => s.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>Why <paramref name="name"/> cannot be used for a new search (or for <paramref name="exceptId"/>), or null when it can.</summary>
    public async Task<string?> CheckNameAsync(string? name, long? exceptId = null, CancellationToken cancellationToken = default)
    {
        var error = CheckNameText(name);
        if (error is not null)
        {
            return error;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await NameTakenAsync(db, name!.Trim(), exceptId, cancellationToken) ? Duplicate(name.Trim()) : null;
    }

    private async Task<SavedSearchResult> SaveAsync(long? id, SavedSearchInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var invalid = await ValidateAsync(input, cancellationToken);
        if (invalid is not null)
        {
            return invalid;
        }

        var name = input.Name!.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        SavedSearch search;
        if (id is { } existing)
        {
            var found = await db.SavedSearches.FirstOrDefaultAsync(s => s.Id == existing, cancellationToken);
            if (found is null)
            {
                return SavedSearchResult.Failed(SavedSearchOutcome.NotFound, $"no saved search with id {existing}");
            }

            search = found;
        }
        else
        {
            search = new SavedSearch { CreatedUtc = clock.GetUtcNow().UtcDateTime };
            db.SavedSearches.Add(search);
        }

        if (await NameTakenAsync(db, name, id, cancellationToken))
        {
            return SavedSearchResult.Failed(SavedSearchOutcome.DuplicateName, Duplicate(name));
        }

        var state = DiscoverState.Read(input.Index, input.Query, input.From, input.To, null);
        search.Name = name;
        search.IndexPattern = state.Index;
        search.Query = state.Query;
        search.From = state.From;
        search.To = state.To;
        search.Columns = string.Join(',', input.Columns?.Select(c => c.Trim()) ?? []);
        search.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is SqliteException { SqliteErrorCode: 19 })
        {
            // SQLITE_CONSTRAINT: another request took the name between the check above and this write.
            return SavedSearchResult.Failed(SavedSearchOutcome.DuplicateName, Duplicate(name));
        }

        return SavedSearchResult.Saved(search);
    }

    private async Task<SavedSearchResult?> ValidateAsync(SavedSearchInput input, CancellationToken cancellationToken)
    {
        var error = CheckNameText(input.Name)
            ?? TooLong("index", input.Index, SavedSearch.MaxIndexLength)
            ?? TooLong("query", input.Query, SavedSearch.MaxQueryLength)
            ?? TooLong("from", input.From, SavedSearch.MaxTimeLength)
            ?? TooLong("to", input.To, SavedSearch.MaxTimeLength)
            ?? CheckColumns(input.Columns);
        if (error is not null)
        {
            return SavedSearchResult.Failed(SavedSearchOutcome.Invalid, error);
        }

        var state = DiscoverState.Read(input.Index, input.Query, input.From, input.To, null);
        var now = clock.GetUtcNow();
        if (!QueryParameters.TryRead(state.Index, state.Query, state.From, state.To, now, out var query, out var apiError))
        {
            return new SavedSearchResult(SavedSearchOutcome.Invalid, null, apiError);
        }

        try
        {
            var fields = await store.GetFieldsAsync(query.IndexPattern, cancellationToken);
            LogQueryParser.Parse(state.Query, new FieldTypeMap(fields), now, limits?.Value ?? LogQueryParser.DefaultLimits);
        }
        catch (QuerySyntaxException ex)
        {
            return SavedSearchResult.Failed(SavedSearchOutcome.Invalid, ex.Message, ex.Position);
        }
        catch (StoreRequestException ex)
        {
            return SavedSearchResult.Failed(SavedSearchOutcome.Invalid, ex.Message);
        }

        return null;
    }

    private static string? CheckNameText(string? name) =>
        string.IsNullOrWhiteSpace(name) ? "name: give the search a name"
        : name.Trim().Length > SavedSearch.MaxNameLength ? $"name: at most {SavedSearch.MaxNameLength} characters ({name.Trim().Length} given)"
        : null;

    private static string? TooLong(string what, string? value, int max) =>
        value is not null && value.Length > max ? $"{what}: at most {max} characters ({value.Length} given)" : null;

    private static string? CheckColumns(IReadOnlyList<string>? columns)
    {
        if (columns is null)
        {
            return null;
        }

        foreach (var column in columns)
        {
            if (string.IsNullOrWhiteSpace(column) || column.Contains(',', StringComparison.Ordinal))
            {
                return $"columns: '{column}' is not a field name";
            }
        }

        return TooLong("columns", string.Join(',', columns), SavedSearch.MaxColumnsLength);
    }

    private static Task<bool> NameTakenAsync(ConsoleDbContext db, string name, long? exceptId, CancellationToken cancellationToken) =>
        db.SavedSearches.AnyAsync(s => s.Name == name && s.Id != (exceptId ?? 0), cancellationToken);

    private static string Duplicate(string name) => $"name: a saved search named '{name}' exists already";
}
