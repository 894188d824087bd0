using System.Collections;
using System.Globalization;
using Plotly.NET;

namespace ScoreNotebooks.Notebooks.Execution;

/// <summary>
/// Turns a displayed value into a MIME bundle: <c>text/plain</c> for every value, and
/// <c>text/html</c> as well for Plotly.NET charts.
/// </summary>
public static class OutputFormatter
{
    /// <summary>The most items of a collection written out before "…".</summary>
    public const int MaxItems = 20;

    /// <summary>The representations of <paramref name="value"/>, keyed by MIME type.</summary>
    /// <param name="value">Any value, or null.</param>
    /// <returns>A bundle that always holds "text/plain".</returns>
    /// <remarks>
    /// A chart's HTML loads plotly.js from its CDN when the page has not loaded it yet, which keeps
    /// executed notebooks small; the runner's figure files embed plotly.js and open offline.
    /// </remarks>
    public static IReadOnlyDictionary<string, string> Format(object? value)
    {
        if (value is GenericChart chart)
        {
            return new Dictionary<string, string>
            {
                ["text/html"] = GenericChart.toChartHTML(chart),
                ["text/plain"] = $"Plotly.NET chart: {ChartTitle(chart)}",
            };
        }
        return new Dictionary<string, string> { ["text/plain"] = PlainText(value) };
    }

    /// <summary>The title of a chart's layout, or "untitled".</summary>
    /// <param name="chart">The chart.</param>
    /// <returns>The title text.</returns>
    public static string ChartTitle(GenericChart chart)
    {
        var title = GenericChart.getLayout(chart).TryGetTypedPropertyValue<DynamicObj.DynamicObj>("title");
        string? text = title?.Value.TryGetTypedPropertyValue<string>("text")?.Value;
        return string.IsNullOrWhiteSpace(text) ? "untitled" : text;
    }

    /// <summary>The plain-text form of a value: its own ToString when it has one, else its items.</summary>
    /// <param name="value">Any value, or null.</param>
    /// <returns>The text shown under <c>text/plain</c>.</returns>
    public static string PlainText(object? value) => value switch
    {
        null => "<null>",
        string s => s,
        IFormattable f when f.GetType().IsPrimitive || f is decimal => f.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable items when !OverridesToString(value.GetType()) => Items(items),
        _ => value.ToString() ?? value.GetType().Name,
    };

    private static bool OverridesToString(Type type) =>
        type.GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } declaring && declaring != typeof(object);

    private static string Items(IEnumerable items)
    {
        var shown = new List<string>();
        bool more = false;
        foreach (object? item in items)
        {
            if (shown.Count == MaxItems) { more = true; break; }
            shown.Add(item is string s ? $"\"{s}\"" : PlainText(item));
        }
        return $"[{string.Join(", ", shown)}{(more ? ", …" : "")}]";
    }
}
