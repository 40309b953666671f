namespace Console.Web.Auth;

/// <summary>What a console user may do; each role includes the ones before it.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<ConsoleRole>))]
public enum ConsoleRole
{
    /// <summary>Search, live tail, dashboards and alerts read-only.</summary>
    Viewer = 0,

    /// <summary>Viewer, plus writing dashboards, saved searches, alert rules and sending events over HTTP.</summary>
    Editor = 1,

    /// <summary>Editor, plus users, API keys, indices, snapshots, notification channels and settings.</summary>
    Admin = 2,
}
