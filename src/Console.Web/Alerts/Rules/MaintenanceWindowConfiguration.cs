using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Console.Web.Alerts.Rules;

public sealed class MaintenanceWindowConfiguration : IEntityTypeConfiguration<MaintenanceWindow>
{
    public void Configure(EntityTypeBuilder<MaintenanceWindow> builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ToTable("maintenance_windows");
        builder.HasKey(w => w.Id);
        builder.Property(w => w.Id).HasColumnName("id");
        builder.Property(w => w.Name).HasColumnName("name").HasMaxLength(MaintenanceWindow.MaxNameLength).IsRequired();
        builder.Property(w => w.Starts).HasColumnName("starts_ms").HasConversion(Milliseconds.TimeConverter);
        builder.Property(w => w.Ends).HasColumnName("ends_ms").HasConversion(Milliseconds.TimeConverter);
        builder.Property(w => w.RuleId).HasColumnName("rule_id");
        builder.HasOne<AlertRule>().WithMany().HasForeignKey(w => w.RuleId).OnDelete(DeleteBehavior.Cascade);
    }
}
