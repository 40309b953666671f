using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Console.Web.Auth;

/// <summary>How <see cref="ConsoleUser"/> is stored.</summary>
public sealed class ConsoleUserConfiguration : IEntityTypeConfiguration<ConsoleUser>
{
    public void Configure(EntityTypeBuilder<ConsoleUser> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("users");
        builder.HasKey(u => u.Id);
        builder.Property(u => u.Id).HasColumnName("id");
        builder.Property(u => u.Name).HasColumnName("name").HasMaxLength(ConsoleUser.MaxNameLength).UseCollation("NOCASE").IsRequired();
        builder.HasIndex(u => u.Name).IsUnique();
        builder.Property(u => u.PasswordHash).HasColumnName("password_hash").HasMaxLength(256).IsRequired();
        builder.Property(u => u.Role).HasColumnName("role").HasConversion<string>().HasMaxLength(16).IsRequired();
        builder.Property(u => u.Disabled).HasColumnName("disabled");
        builder.Property(u => u.SecurityStamp).HasColumnName("security_stamp").HasMaxLength(64).IsRequired();
        builder.Property(u => u.MustChangePassword).HasColumnName("must_change_password");
        builder.Property(u => u.FailedAttempts).HasColumnName("failed_attempts");
        builder.Property(u => u.LockedUntilUtc).HasColumnName("locked_until_utc").HasConversion(Utc.Nullable);
        builder.Property(u => u.CreatedUtc).HasColumnName("created_utc").HasConversion(Utc.Required);
        builder.Property(u => u.LastSignInUtc).HasColumnName("last_sign_in_utc").HasConversion(Utc.Nullable);
    }
}
