using Console.Web.Alerts.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Console.Web.Alerts.Notifications;

/// <summary>How <see cref="NotificationChannelDefinition"/> is stored (table <c>notification_channels</c>); the SMTP password stays in configuration.</summary>
public sealed class NotificationChannelConfiguration : IEntityTypeConfiguration<NotificationChannelDefinition>
{
    public const int MaxNameLength = 200;

    public void Configure(EntityTypeBuilder<NotificationChannelDefinition> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("notification_channels");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasColumnName("id").HasMaxLength(64);
        builder.Property(c => c.Name).HasColumnName("name").HasMaxLength(MaxNameLength).UseCollation("NOCASE").IsRequired();
        builder.HasIndex(c => c.Name).IsUnique();
        builder.Property(c => c.Type).HasColumnName("type").HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Url).HasColumnName("url").HasMaxLength(2048);
        builder.Property(c => c.Headers).HasColumnName("headers").HasConversion(JsonColumn.StringMap, JsonColumn.StringMapComparer).IsRequired();
        builder.Property(c => c.Recipients).HasColumnName("recipients").HasConversion(JsonColumn.StringList, JsonColumn.StringListComparer).IsRequired();
    }
}
