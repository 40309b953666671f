using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Console.Web.Auth;

/// <summary>How <see cref="ApiKey"/> is stored.</summary>
public sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("api_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasColumnName("id");
        builder.Property(k => k.Name).HasColumnName("name").HasMaxLength(ApiKey.MaxNameLength).IsRequired();
        builder.Property(k => k.Prefix).HasColumnName("prefix").HasMaxLength(ApiKey.PrefixLength).IsRequired();
        builder.HasIndex(k => k.Prefix).IsUnique();
        builder.Property(k => k.Hash).HasColumnName("hash").HasMaxLength(64).IsRequired();
        builder.Property(k => k.Scopes).HasColumnName("scopes");
        builder.Property(k => k.CreatedBy).HasColumnName("created_by").HasMaxLength(ConsoleUser.MaxNameLength).IsRequired();
        builder.Property(k => k.CreatedUtc).HasColumnName("created_utc").HasConversion(Utc.Required);
        builder.Property(k => k.RevokedUtc).HasColumnName("revoked_utc").HasConversion(Utc.Nullable);
        builder.Property(k => k.LastUsedUtc).HasColumnName("last_used_utc").HasConversion(Utc.Nullable);
    }
}
