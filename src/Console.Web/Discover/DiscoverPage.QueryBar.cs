using Console.Shared.Storage;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using FieldType = Console.Shared.Events.FieldType;

namespace Console.Web.Discover;

/// <summary>The query bar's suggestions: field names as a word is typed, after <c>field:</c> that field's top values.</summary>
public sealed partial class DiscoverPage
{
    private const string QueryInput = "input[data-testid=query]";

    private readonly Dictionary<string, TopValuesResult> _suggestedValues = new(StringComparer.Ordinal);
    private LogQuery? _suggestedValuesQuery;
    private IReadOnlyList<QuerySuggestion> _suggestions = [];
    private QueryToken? _token;
    private int _activeSuggestion = -1;
    private int _suggestionVersion;
    private int? _pendingCaret;

    private async Task OnQueryTypedAsync(string? text)
    {
        _query = text ?? "";
        _queryError = Search.Validate(_query, _fields) is { } error ? error.MessageWithPosition : null;
        await SuggestAsync(await CaretAsync());
    }

    private async Task OnQueryKeyAsync(KeyboardEventArgs e)
    {
        var open = _suggestions.Count > 0;
        switch (e.Key)
        {
            case "ArrowDown" when open:
                _activeSuggestion = (_activeSuggestion + 1) % _suggestions.Count;
                break;
            case "ArrowUp" when open:
                _activeSuggestion = _activeSuggestion <= 0 ? _suggestions.Count - 1 : _activeSuggestion - 1;
                break;
            case "Tab" when open:
                await ChooseSuggestionAsync(Math.Max(_activeSuggestion, 0));
                break;
            case "Enter" when open && _activeSuggestion >= 0:
                await ChooseSuggestionAsync(_activeSuggestion);
                break;
            case "Enter":
                await SearchAsync();
                break;
            case "Escape":
                CloseSuggestions();
                break;
        }
    }

    /// <summary>Puts the chosen suggestion in place of the token under the caret, keeps the rest, and suggests again from there.</summary>
    private async Task ChooseSuggestionAsync(int index)
    {
        if (_token is not { } token || index < 0 || index >= _suggestions.Count)
        {
            return;
        }

        var (query, caret) = QuerySuggestions.Apply(_query, token, _suggestions[index].Insert);
        _query = query;
        _queryError = Search.Validate(_query, _fields) is { } error ? error.MessageWithPosition : null;
        _pendingCaret = caret;
        // After a field name come its values.
        await SuggestAsync(caret);
    }

    private void CloseSuggestions()
    {
        _suggestionVersion++;
        (_suggestions, _token, _activeSuggestion) = ([], null, -1);
    }

    private async Task SuggestAsync(int? caret)
    {
        var version = ++_suggestionVersion;
        var token = QuerySuggestions.TokenAt(_query, caret);
        IReadOnlyList<QuerySuggestion> suggestions;
        if (token.Field is null)
        {
            suggestions = QuerySuggestions.FieldNames(token, _fields);
        }
        else
        {
            var values = await ValuesAsync(token.Field);
            suggestions = values is null ? [] : QuerySuggestions.Values(token, values);
        }

        if (version == _suggestionVersion)
        {
            (_suggestions, _token, _activeSuggestion) = (suggestions, token, -1);
        }
    }

    /// <summary>The field's top values over the view's index pattern and time range, counted once per search.</summary>
    private async Task<TopValuesResult?> ValuesAsync(string field)
    {
        var type = new FieldTypeMap(_fields).TypeOf(field);
        if (_result is null || type is null or FieldType.Text or FieldType.Date)
        {
            return null; // no result to count over, an unknown field, or one without exact values
        }

        if (!Equals(_suggestedValuesQuery, _result.Query))
        {
            _suggestedValues.Clear();
            _suggestedValuesQuery = _result.Query;
        }

        if (!_suggestedValues.TryGetValue(field, out var values))
        {
            try
            {
                // Off the circuit's thread: the embedded store counts synchronously, and over a million events a
                // high-cardinality field takes a second or more, which must not hold up typing or the search itself.
                var over = _result.Query;
                values = await Task.Run(() => Search.SuggestValuesAsync(over, field, CancellationToken.None));
            }
            catch (StoreRequestException)
            {
                return null; // a field the store cannot count; the query check still says what is wrong
            }

            _suggestedValues[field] = values;
        }

        return values;
    }

    /// <summary>Where the caret is in the query input; null (the end of the query) when the browser cannot say.</summary>
    private async Task<int?> CaretAsync()
    {
        try
        {
            return await JS.InvokeAsync<int?>("consoleDiscover.caret", QueryInput);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            return null;
        }
    }

    private async Task PlaceCaretAsync()
    {
        if (_pendingCaret is not { } caret)
        {
            return;
        }

        _pendingCaret = null;
        try
        {
            await JS.InvokeVoidAsync("consoleDiscover.placeCaret", QueryInput, caret);
        }
        catch (Exception ex) when (ex is JSException or JSDisconnectedException or InvalidOperationException or TaskCanceledException)
        {
            // The caret stays where the browser left it; the inserted text is in place either way.
        }
    }

    private static string FieldTypeLetter(FieldType type) => type switch
    {
        FieldType.Keyword => "k",
        FieldType.Text => "t",
        FieldType.Long or FieldType.Double => "#",
        FieldType.Date => "d",
        FieldType.Boolean => "b",
        _ => "?",
    };
}
