using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Console.EndToEnd.Security;

/// <summary>
/// Watches a page for any sign that data became markup or script: calls of <c>__xssProbe</c> (which payloads call),
/// of <c>alert</c>/<c>confirm</c>/<c>prompt</c>/<c>print</c> (hooked before the page's own scripts), script-src
/// Content-Security-Policy violations (an injected inline handler or script that the policy blocked), dialogs, requests
/// to any other host, and elements or attributes in the DOM that only injected markup could have made.
/// </summary>
public sealed class ScriptExecutionDetector
{
    private const string HooksScript = """
        (() => {
          const report = (kind, detail) => {
            const text = kind + ': ' + String(detail).slice(0, 160);
            try { window.__xssReport(text); } catch (e) { (window.__xssPending = window.__xssPending || []).push(text); }
          };
          window.__xssProbe = id => report('probe', id);
          for (const name of ['alert', 'confirm', 'prompt', 'print']) {
            const original = window[name];
            window[name] = function (...args) { report(name, args[0]); return original.apply(this, args); };
          }
          document.addEventListener('securitypolicyviolation', e => {
            if (e.effectiveDirective.startsWith('script-src')) {
              report('csp', e.effectiveDirective + ' blocked ' + e.blockedURI + ' ' + (e.sample || ''));
            }
          }, true);
        })();
        """;

    /// <summary>What only injected markup makes: inline handlers, script URLs, and elements the console never renders.</summary>
    private const string DomCheckScript = """
        () => {
          const found = (window.__xssPending || []).map(p => 'reported before the hook was bound: ' + p);
          for (const el of document.querySelectorAll('body *')) {
            for (const a of el.attributes) {
              if (/^on/i.test(a.name)) found.push(el.tagName + ' ' + a.name + '=' + a.value.slice(0, 60));
              if (/^(href|src|action|formaction|data|background|xlink:href)$/i.test(a.name) && /^\s*(javascript|vbscript|data:text\/html)/i.test(a.value)) {
                found.push(el.tagName + ' ' + a.name + '=' + a.value.slice(0, 60));
              }
            }
          }
          for (const el of document.querySelectorAll('body iframe, body object, body embed, body frame, body frameset, body base, body meta, body bgsound, body xss, body script')) {
            if (el.tagName === 'SCRIPT' && el.src && new URL(el.src).origin === location.origin) continue;
            found.push('element ' + el.tagName + ' ' + el.outerHTML.slice(0, 80));
          }
          return found;
        }
        """;

    private readonly ConcurrentQueue<string> _signs = new();
    private readonly Uri _site;

    private ScriptExecutionDetector(Uri site) => _site = site;

    /// <summary>Every sign seen so far, in order.</summary>
    public IReadOnlyList<string> Signs => [.. _signs];

    public int Dialogs { get; private set; }

    /// <summary>Installs the hooks into every page of <paramref name="context"/> (before any of the page's scripts) and watches <paramref name="page"/>.</summary>
    public static async Task<ScriptExecutionDetector> AttachAsync(IBrowserContext context, IPage page, Uri site)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(page);
        var detector = new ScriptExecutionDetector(site);
        await context.ExposeFunctionAsync<string>("__xssReport", detector._signs.Enqueue);
        await context.AddInitScriptAsync(HooksScript);
        page.Dialog += async (_, dialog) =>
        {
            detector.Dialogs++;
            detector._signs.Enqueue($"dialog: {dialog.Type} {dialog.Message}");
            await dialog.DismissAsync();
        };
        page.Request += (_, request) =>
        {
            if (Uri.TryCreate(request.Url, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Authority != detector._site.Authority)
            {
                detector._signs.Enqueue($"request to another host: {request.Url}");
            }
        };
        return detector;
    }

    /// <summary>Adds what the DOM of <paramref name="page"/> holds now that only injected markup could have made.</summary>
    public async Task CheckDomAsync(IPage page, string surface)
    {
        ArgumentNullException.ThrowIfNull(page);
        foreach (var found in await page.EvaluateAsync<string[]>(DomCheckScript))
        {
            _signs.Enqueue($"{surface}: {found}");
        }
    }

    /// <summary>Waits until at least <paramref name="count"/> signs are in (a report from the page arrives asynchronously), at most 15 s.</summary>
    public async Task WaitForSignsAsync(int count)
    {
        for (var waited = 0; _signs.Count < count && waited < 15_000; waited += 100)
        {
            await Task.Delay(100);
        }
    }
}
