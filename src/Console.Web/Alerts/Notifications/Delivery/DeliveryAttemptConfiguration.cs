using Console.Web.Alerts.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Console.Web.Alerts.Notifications.Delivery;

/// <summary>
/// How <see cref="DeliveryAttempt"/> is stored (table <c>notification_deliveries</c>): an increasing id of its own, so
/// trimming to the newest rows is one range delete.
/// </summary>
public sealed class DeliveryAttemptConfiguration : IEntityTypeConfiguration<DeliveryAttempt>
{
    public const string Key = "Id";

    public void Configure(EntityTypeBuilder<DeliveryAttempt> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("notification_deliveries");
        builder.Property<long>(Key).HasColumnName("id");
        builder.HasKey(Key);
        builder.Property(a => a.NotificationId).HasColumnName("notification_id").HasMaxLength(64).IsRequired();
        builder.Property(a => a.RuleId).HasColumnName("rule_id").HasMaxLength(64).IsRequired();
        builder.Property(a => a.ChannelId).HasColumnName("channel_id").HasMaxLength(64).IsRequired();
        builder.Property(a => a.ChannelName).HasColumnName("channel_name").HasMaxLength(NotificationChannelConfiguration.MaxNameLength).IsRequired();
        builder.Property(a => a.ChannelType).HasColumnName("channel_type").HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.Attempt).HasColumnName("attempt");
        builder.Property(a => a.At).HasColumnName("at_ms").HasConversion(Milliseconds.TimeConverter);
        builder.Property(a => a.Outcome).HasColumnName("outcome").HasConversion<string>().HasMaxLength(16);
        builder.Property(a => a.StatusCode).HasColumnName("status_code");
        builder.Property(a => a.Detail).HasColumnName("detail").HasMaxLength(4000);
        builder.Property(a => a.Duration).HasColumnName("duration_ms").HasConversion(Milliseconds.Converter);
        builder.Property(a => a.Suppression).HasColumnName("suppression").HasConversion<string>().HasMaxLength(32);
        builder.Ignore(a => a.Succeeded);
        builder.HasIndex(a => a.NotificationId);
        builder.HasIndex(a => a.RuleId);
        builder.HasIndex(a => a.At);
    }
}
