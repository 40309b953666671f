using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Console.Web.Discover;

/// <summary>How <see cref="SavedSearch"/> is stored; found by <c>ConsoleDbContext</c> through ApplyConfigurationsFromAssembly.</summary>
public sealed class SavedSearchConfiguration : IEntityTypeConfiguration<SavedSearch>
{
    public void Configure(EntityTypeBuilder<SavedSearch> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("saved_searches");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id");
        // NOCASE makes both the unique index and the service's duplicate check ignore case.
        builder.Property(s => s.Name).HasColumnName("name").HasMaxLength(SavedSearch.MaxNameLength).UseCollation("NOCASE").IsRequired();
        builder.HasIndex(s => s.Name).IsUnique();
        builder.Property(s => s.IndexPattern).HasColumnName("index_pattern").HasMaxLength(SavedSearch.MaxIndexLength).IsRequired();
        builder.Property(s => s.Query).HasColumnName("query").HasMaxLength(SavedSearch.MaxQueryLength).IsRequired();
        builder.Property(s => s.From).HasColumnName("from").HasMaxLength(SavedSearch.MaxTimeLength).IsRequired();
        builder.Property(s => s.To).HasColumnName("to").HasMaxLength(SavedSearch.MaxTimeLength).IsRequired();
        builder.Property(s => s.Columns).HasColumnName("columns").HasMaxLength(SavedSearch.MaxColumnsLength).IsRequired();
        // SQLite keeps no time zone; these are written as UTC and read back marked as UTC.
        builder.Property(s => s.CreatedUtc).HasColumnName("created_utc")
            .HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
        builder.Property(s => s.UpdatedUtc).HasColumnName("updated_utc")
            .HasConversion(v => v, v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
    }
}
