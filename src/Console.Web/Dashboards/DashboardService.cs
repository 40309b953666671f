using System.Text.Json;
using Console.Web.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Console.Web.Dashboards;

/// <summary>
/// Dashboards in the console's database: users' own ones (create, change, duplicate, delete, import) and the built-in
/// ones, which are read-only (as Kibana's managed and Grafana's provisioned dashboards) and can be duplicated to edit.
/// Every change is checked whole by <see cref="DashboardValidator"/> first.
/// </summary>
public sealed class DashboardService(IDbContextFactory<ConsoleDbContext> contexts, DashboardValidator validator, TimeProvider clock, ILogger<DashboardService> logger)
{
    /// <summary>Every dashboard, built-in ones first, then by title; with <paramref name="search"/>, those whose title or description contain it.</summary>
    public async Task<IReadOnlyList<Dashboard>> ListAsync(string? search = null, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var all = await db.Dashboards.AsNoTracking().ToListAsync(cancellationToken);
        var text = search?.Trim() ?? "";
        return all
            .Where(d => text.Length == 0 || d.Title.Contains(text, StringComparison.OrdinalIgnoreCase) || d.Description.Contains(text, StringComparison.OrdinalIgnoreCase))
            .OrderBy(d => d.IsBuiltIn ? 0 : 1).ThenBy(d => d.Title, StringComparer.OrdinalIgnoreCase).ThenBy(d => d.Id)
            .ToList();
    }

    public async Task<Dashboard?> FindAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Dashboards.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
    }

    /// <summary>A new dashboard from <paramref name="input"/> (also how an imported file is added: it never replaces one).</summary>
    public async Task<DashboardResult> CreateAsync(DashboardInput input, CancellationToken cancellationToken = default)
    {
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return new DashboardResult(DashboardOutcome.Invalid, null, validation.Errors);
        }

        var dashboard = validation.Dashboard!;
        dashboard.CreatedUtc = dashboard.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.Dashboards.Add(dashboard);
        await db.SaveChangesAsync(cancellationToken);
        return DashboardResult.Saved(dashboard);
    }

    /// <summary>Adds the dashboard of an exported file (<see cref="DashboardInput"/> as JSON); a file that is not JSON or not a dashboard gets the reason.</summary>
    public async Task<DashboardResult> ImportAsync(string json, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return DashboardResult.Failed(DashboardOutcome.Invalid, "file", "the file is empty");
        }

        DashboardInput? input;
        try
        {
            input = JsonSerializer.Deserialize<DashboardInput>(json, DashboardJson.Options);
        }
        catch (JsonException ex)
        {
            return DashboardResult.Failed(DashboardOutcome.Invalid, "file", $"not a dashboard file: {ex.Message}");
        }

        return input is null
            ? DashboardResult.Failed(DashboardOutcome.Invalid, "file", "not a dashboard file: it holds no JSON object")
            : await CreateAsync(input, cancellationToken);
    }

    /// <summary>Replaces dashboard <paramref name="id"/> with <paramref name="input"/>; built-in dashboards are refused.</summary>
    public async Task<DashboardResult> UpdateAsync(long id, DashboardInput input, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Dashboards.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (existing is null)
        {
            return DashboardResult.NotFound(id);
        }

        if (existing.IsBuiltIn)
        {
            return DashboardResult.ReadOnly(existing);
        }

        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            return new DashboardResult(DashboardOutcome.Invalid, null, validation.Errors);
        }

        var changed = validation.Dashboard!;
        existing.Title = changed.Title;
        existing.Description = changed.Description;
        existing.From = changed.From;
        existing.To = changed.To;
        existing.RefreshSeconds = changed.RefreshSeconds;
        existing.Panels = changed.Panels;
        existing.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        return DashboardResult.Saved(existing);
    }

    /// <summary>A copy of dashboard <paramref name="id"/> that its user owns, titled "… (copy)" unless <paramref name="title"/> is given.</summary>
    public async Task<DashboardResult> DuplicateAsync(long id, string? title = null, CancellationToken cancellationToken = default)
    {
        var source = await FindAsync(id, cancellationToken);
        if (source is null)
        {
            return DashboardResult.NotFound(id);
        }

        var copy = DashboardInput.Of(source) with { Title = string.IsNullOrWhiteSpace(title) ? await CopyTitleAsync(source.Title, cancellationToken) : title };
        return await CreateAsync(copy, cancellationToken);
    }

    /// <summary>Deletes a user's dashboard; a built-in one is refused.</summary>
    public async Task<DashboardResult> DeleteAsync(long id, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Dashboards.FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
        if (existing is null)
        {
            return DashboardResult.NotFound(id);
        }

        if (existing.IsBuiltIn)
        {
            return DashboardResult.Failed(DashboardOutcome.ReadOnly, "id", $"'{existing.Title}' is a built-in dashboard and cannot be deleted");
        }

        db.Dashboards.Remove(existing);
        await db.SaveChangesAsync(cancellationToken);
        return new DashboardResult(DashboardOutcome.Deleted, existing, []);
    }

    /// <summary>
    /// Puts the shipped dashboards in the database: each missing one is added, and one whose definition changed in a new
    /// console version is brought up to date (users cannot change them, so nothing of theirs is lost). Run at start.
    /// </summary>
    public async Task SeedBuiltInsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var existing = await db.Dashboards.Where(d => d.BuiltInKey != null).ToDictionaryAsync(d => d.BuiltInKey!, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var added = 0;
        var updated = 0;
        foreach (var (key, shipped) in BuiltInDashboards.All)
        {
            if (!existing.TryGetValue(key, out var row))
            {
                db.Dashboards.Add(new Dashboard
                {
                    BuiltInKey = key, Title = shipped.Title, Description = shipped.Description, From = shipped.From, To = shipped.To,
                    RefreshSeconds = shipped.RefreshSeconds, Panels = shipped.Panels, CreatedUtc = now, UpdatedUtc = now,
                });
                added++;
            }
            else if (row.Title != shipped.Title || row.Description != shipped.Description || row.From != shipped.From || row.To != shipped.To ||
                     row.RefreshSeconds != shipped.RefreshSeconds || !row.Panels.SequenceEqual(shipped.Panels, PanelComparer.Instance))
            {
                (row.Title, row.Description, row.From, row.To, row.RefreshSeconds, row.Panels, row.UpdatedUtc) =
                    (shipped.Title, shipped.Description, shipped.From, shipped.To, shipped.RefreshSeconds, shipped.Panels, now);
                updated++;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        if (added + updated > 0)
        {
            logger.LogInformation("Built-in dashboards: {Added} added, {Updated} updated", added, updated);
        }
    }

    private async Task<string> CopyTitleAsync(string title, CancellationToken cancellationToken)
    {
        var titles = (await ListAsync(null, cancellationToken)).Select(d => d.Title).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var candidate = $"{title} (copy)";
        for (var n = 2; titles.Contains(candidate); n++)
        {
            candidate = $"{title} (copy {n})";
        }

        return candidate.Length > Dashboard.MaxTitleLength ? candidate[..Dashboard.MaxTitleLength] : candidate;
    }
}
