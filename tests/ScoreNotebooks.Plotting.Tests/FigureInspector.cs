using System.Text.Json;
using Plotly.NET;
using DynObj = DynamicObj.DynamicObj;

namespace ScoreNotebooks.Plotting.Tests;

/// <summary>Reads a chart back two ways: the traces as Plotly.NET objects, and the figure as plotly.js JSON.</summary>
internal sealed class FigureInspector
{
    public FigureInspector(GenericChart chart)
    {
        Chart = chart;
        Traces = GenericChart.getTraces(chart).ToList();
        Json = JsonDocument.Parse(GenericChart.toFigureJson(chart)).RootElement.Clone();
    }

    public GenericChart Chart { get; }

    public List<Trace> Traces { get; }

    /// <summary>The serialised figure: {"data": [...], "layout": {...}}.</summary>
    public JsonElement Json { get; }

    public JsonElement Layout => Json.GetProperty("layout");

    public JsonElement Data(int trace) => Json.GetProperty("data")[trace];

    public static T Get<T>(DynObj obj, string key)
    {
        var value = obj.TryGetTypedPropertyValue<T>(key);
        Assert.True(value is not null, $"property '{key}' of type {typeof(T).Name} is missing");
        return value!.Value;
    }

    public static double?[] Numbers(JsonElement array) =>
        array.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.Null ? (double?)null : e.GetDouble()).ToArray();

    public static double[] Range(JsonElement axis) => axis.GetProperty("range").EnumerateArray().Select(e => e.GetDouble()).ToArray();

    public static string Text(JsonElement titled) => titled.GetProperty("title").GetProperty("text").GetString()!;
}
