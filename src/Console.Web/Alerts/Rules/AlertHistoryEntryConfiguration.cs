using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Console.Web.Alerts.Rules;

public sealed class AlertHistoryEntryConfiguration : IEntityTypeConfiguration<AlertHistoryEntry>
{
    public void Configure(EntityTypeBuilder<AlertHistoryEntry> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("alert_history");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).HasColumnName("id");
        builder.Property(h => h.RuleId).HasColumnName("rule_id");
        builder.Property(h => h.GroupValue).HasColumnName("group_value").HasMaxLength(1024);
        builder.Property(h => h.From).HasColumnName("from_state").HasConversion<string>().HasMaxLength(16);
        builder.Property(h => h.To).HasColumnName("to_state").HasConversion<string>().HasMaxLength(16);
        builder.Property(h => h.At).HasColumnName("at_ms").HasConversion(Milliseconds.TimeConverter);
        builder.Property(h => h.Value).HasColumnName("value");
        builder.Property(h => h.Threshold).HasColumnName("threshold");
        builder.Property(h => h.Suppressed).HasColumnName("suppressed").HasMaxLength(512);
        builder.HasIndex(h => new { h.RuleId, h.At });
        builder.HasOne<AlertRule>().WithMany().HasForeignKey(h => h.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}
