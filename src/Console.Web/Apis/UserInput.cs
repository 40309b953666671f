namespace Console.Web.Apis;

/// <summary>The body of <c>POST /api/users</c> (name, role; no password for a generated one-time one) and <c>PUT /api/users/{id}</c> (role and/or disabled).</summary>
public sealed record UserInput(string? Name, string? Role, string? Password, bool? Disabled);
