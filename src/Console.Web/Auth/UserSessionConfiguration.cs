using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Console.Web.Auth;

/// <summary>How <see cref="UserSession"/> is stored.</summary>
public sealed class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("user_sessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id").HasMaxLength(64);
        builder.Property(s => s.UserId).HasColumnName("user_id");
        builder.HasOne<ConsoleUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.UserId);
        builder.Property(s => s.CreatedUtc).HasColumnName("created_utc").HasConversion(Utc.Required);
        builder.Property(s => s.ExpiresUtc).HasColumnName("expires_utc").HasConversion(Utc.Required);
        builder.Property(s => s.EndedUtc).HasColumnName("ended_utc").HasConversion(Utc.Nullable);
    }
}
