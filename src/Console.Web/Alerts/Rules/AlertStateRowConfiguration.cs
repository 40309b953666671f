using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Console.Web.Alerts.Rules;

public sealed class AlertStateRowConfiguration : IEntityTypeConfiguration<AlertStateRow>
{
    public void Configure(EntityTypeBuilder<AlertStateRow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("alert_states");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id");
        builder.Property(s => s.RuleId).HasColumnName("rule_id");
        builder.Property(s => s.GroupKey).HasColumnName("group_key").HasMaxLength(1024).IsRequired();
        builder.HasIndex(s => new { s.RuleId, s.GroupKey }).IsUnique();
        builder.Property(s => s.State).HasColumnName("state").HasConversion<string>().HasMaxLength(16);
        builder.Property(s => s.Since).HasColumnName("since_ms").HasConversion(Milliseconds.TimeConverter);
        builder.Property(s => s.LastValue).HasColumnName("last_value");
        builder.Property(s => s.LastEvaluated).HasColumnName("last_evaluated_ms").HasConversion(Milliseconds.TimeConverter);
        builder.Property(s => s.AcknowledgedAt).HasColumnName("acknowledged_ms").HasConversion(Milliseconds.NullableTimeConverter);
        builder.Ignore(s => s.GroupValue);
        builder.HasOne<AlertRule>().WithMany().HasForeignKey(s => s.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}
