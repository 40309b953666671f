using Console.Web.Alerts.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Console.Web.Alerts.Notifications.Feed;

public sealed class ConsoleNotificationRowConfiguration : IEntityTypeConfiguration<ConsoleNotificationRow>
{
    public void Configure(EntityTypeBuilder<ConsoleNotificationRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("console_notifications");
        builder.HasKey(n => n.Sequence);
        builder.Property(n => n.Sequence).HasColumnName("sequence");
        builder.Property(n => n.Id).HasColumnName("id").HasMaxLength(64).IsRequired();
        builder.HasIndex(n => n.Id).IsUnique();
        builder.Property(n => n.RuleId).HasColumnName("rule_id").HasMaxLength(64).IsRequired();
        builder.Property(n => n.ReceivedAt).HasColumnName("received_ms").HasConversion(Milliseconds.TimeConverter);
        builder.HasIndex(n => n.ReceivedAt);
        builder.Property(n => n.Read).HasColumnName("read");
        builder.HasIndex(n => n.Read);
        builder.Property(n => n.Json).HasColumnName("json").IsRequired();
    }
}
