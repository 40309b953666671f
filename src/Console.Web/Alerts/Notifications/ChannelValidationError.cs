namespace Console.Web.Alerts.Notifications;

/// <summary>What is wrong with one setting of a channel, worded for the rule editor to show beside that setting.</summary>
public sealed record ChannelValidationError(string Field, string Message);
