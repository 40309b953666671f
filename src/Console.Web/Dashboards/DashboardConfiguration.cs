using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Console.Web.Dashboards;

/// <summary>How <see cref="Dashboard"/> is stored: one row per dashboard, its panels as a JSON array (always read and written whole, as Kibana's panelsJSON).</summary>
public sealed class DashboardConfiguration : IEntityTypeConfiguration<Dashboard>
{
    private static readonly ValueConverter<IReadOnlyList<DashboardPanel>, string> PanelsConverter = new(
        v => JsonSerializer.Serialize(v, DashboardJson.Options),
        v => JsonSerializer.Deserialize<List<DashboardPanel>>(v, DashboardJson.Options) ?? new List<DashboardPanel>());

    private static readonly ValueComparer<IReadOnlyList<DashboardPanel>> PanelsComparer = new(
        (a, b) => (a ?? new List<DashboardPanel>()).SequenceEqual(b ?? new List<DashboardPanel>(), PanelComparer.Instance),
        v => v.Aggregate(0, (hash, panel) => HashCode.Combine(hash, panel.Title.GetHashCode(StringComparison.Ordinal))),
        v => v.ToList());

    public void Configure(EntityTypeBuilder<Dashboard> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("dashboards");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasColumnName("id");
        builder.Property(d => d.Title).HasColumnName("title").HasMaxLength(Dashboard.MaxTitleLength).UseCollation("NOCASE").IsRequired();
        builder.HasIndex(d => d.Title);
        builder.Property(d => d.Description).HasColumnName("description").HasMaxLength(Dashboard.MaxDescriptionLength).IsRequired();
        builder.Property(d => d.From).HasColumnName("from").HasMaxLength(100).IsRequired();
        builder.Property(d => d.To).HasColumnName("to").HasMaxLength(100).IsRequired();
        builder.Property(d => d.RefreshSeconds).HasColumnName("refresh_seconds");
        builder.Property(d => d.BuiltInKey).HasColumnName("built_in_key").HasMaxLength(64);
        builder.HasIndex(d => d.BuiltInKey).IsUnique();
        builder.Property(d => d.Panels).HasColumnName("panels").HasConversion(PanelsConverter, PanelsComparer).IsRequired();
        builder.Ignore(d => d.IsBuiltIn);
        // SQLite keeps no time zone; these are written as UTC and read back marked as UTC.
        builder.Property(d => d.CreatedUtc).HasColumnName("created_utc").HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        builder.Property(d => d.UpdatedUtc).HasColumnName("updated_utc").HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
    }
}
