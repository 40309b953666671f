namespace Console.Shared.Query.Limits;

/// <summary>Where a term may start with <c>*</c> or <c>?</c>: such a term is matched against every term of its field.</summary>
public enum LeadingWildcardPolicy
{
    /// <summary>Everywhere, as Elasticsearch's allow_leading_wildcard: true; the expansion limit and the timeout still hold.</summary>
    Allowed,

    /// <summary>
    /// On keyword fields (service, host.name, logger: a few thousand values at most) but not on full-text fields, whose
    /// dictionary holds every word ever logged; <c>message:/.*timeout.*/</c> is the explicit way to grep messages.
    /// </summary>
    KeywordFieldsOnly,

    /// <summary>Nowhere (Elasticsearch's allow_leading_wildcard: false).</summary>
    Refused,
}
