using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Console.Web.Alerts.Rules;

/// <summary>How <see cref="AlertRule"/> is stored (table <c>alert_rules</c>); durations as whole milliseconds, kinds as names.</summary>
public sealed class AlertRuleConfiguration : IEntityTypeConfiguration<AlertRule>
{
    public void Configure(EntityTypeBuilder<AlertRule> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("alert_rules");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id");
        builder.Property(r => r.Name).HasColumnName("name").HasMaxLength(AlertRuleValidation.MaxNameLength).UseCollation("NOCASE").IsRequired();
        builder.HasIndex(r => r.Name).IsUnique();
        builder.Property(r => r.Kind).HasColumnName("kind").HasConversion<string>().HasMaxLength(32);
        builder.Property(r => r.IndexPattern).HasColumnName("index_pattern").HasMaxLength(512).IsRequired();
        builder.Property(r => r.Query).HasColumnName("query").HasMaxLength(10_000).IsRequired();
        builder.Property(r => r.RatioBaseQuery).HasColumnName("ratio_base_query").HasMaxLength(10_000);
        builder.Property(r => r.GroupField).HasColumnName("group_field").HasMaxLength(256);
        builder.Property(r => r.MetricField).HasColumnName("metric_field").HasMaxLength(256);
        builder.Property(r => r.Aggregation).HasColumnName("aggregation").HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.NoData).HasColumnName("no_data").HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Comparison).HasColumnName("comparison").HasConversion<string>().HasMaxLength(16);
        builder.Property(r => r.Threshold).HasColumnName("threshold");
        builder.Property(r => r.Window).HasColumnName("window_ms").HasConversion(Milliseconds.Converter);
        builder.Property(r => r.PendingFor).HasColumnName("pending_for_ms").HasConversion(Milliseconds.Converter);
        builder.Property(r => r.EvaluateEvery).HasColumnName("evaluate_every_ms").HasConversion(Milliseconds.Converter);
        builder.Property(r => r.Enabled).HasColumnName("enabled");
        builder.Property(r => r.ChannelIds).HasColumnName("channel_ids").HasConversion(JsonColumn.StringList, JsonColumn.StringListComparer).IsRequired();
        builder.Property(r => r.SnoozedUntil).HasColumnName("snoozed_until_ms").HasConversion(Milliseconds.NullableTimeConverter);
    }
}
