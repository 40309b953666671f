using Console.Web.Alerts.Notifications;
using Console.Web.Alerts.Notifications.Delivery;
using Console.Web.Alerts.Notifications.Feed;
using Console.Web.Auth;
using Console.Web.Alerts.Rules;
using Console.Web.Dashboards;
using Console.Web.Discover;
using Microsoft.EntityFrameworkCore;

namespace Console.Web.Persistence;

/// <summary>
/// The console's own database. Each table is a <see cref="DbSet{TEntity}"/> here plus one
/// <see cref="IEntityTypeConfiguration{TEntity}"/> beside its entity in the feature's folder; the schema changes only
/// through migrations in <c>Persistence/Migrations</c>, applied at start by <see cref="ConsoleDatabaseInitializer"/>.
/// </summary>
public sealed class ConsoleDbContext(DbContextOptions<ConsoleDbContext> options) : DbContext(options)
{
    public DbSet<SavedSearch> SavedSearches => Set<SavedSearch>();

    public DbSet<AlertRule> AlertRules => Set<AlertRule>();

    public DbSet<AlertStateRow> AlertStates => Set<AlertStateRow>();

    public DbSet<AlertHistoryEntry> AlertHistory => Set<AlertHistoryEntry>();

    public DbSet<MaintenanceWindow> MaintenanceWindows => Set<MaintenanceWindow>();

    public DbSet<NotificationChannelDefinition> NotificationChannels => Set<NotificationChannelDefinition>();

    public DbSet<DeliveryAttempt> DeliveryAttempts => Set<DeliveryAttempt>();

    public DbSet<ConsoleNotificationRow> ConsoleNotifications => Set<ConsoleNotificationRow>();

    public DbSet<Dashboard> Dashboards => Set<Dashboard>();

    public DbSet<ConsoleUser> Users => Set<ConsoleUser>();

    public DbSet<UserSession> UserSessions => Set<UserSession>();

    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ConsoleDbContext).Assembly);
    }
}
