using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Markup;

/// <summary>Reads and checks an answer cell's <c>metadata.scorenotebooks.forbidden</c>: the APIs its exercise may not use.</summary>
/// <remarks>
/// <c>"scorenotebooks": {"forbidden": ["ScoreNotebooks.Divergences.KullbackLeibler.Between", "ScoreNotebooks.Distributions.Gaussian"]}</c>.
/// Each entry is a fully qualified type name (namespace, then containing types, separated by '.'; no generic
/// arguments), which forbids the whole type, or such a name followed by '.' and a member name, which forbids that
/// member (every overload). Only code answer cells may carry the list; <c>forbidden</c> is the only key.
/// </remarks>
internal static partial class ForbiddenMetadata
{
    /// <summary>The metadata key.</summary>
    public const string Key = "scorenotebooks";

    /// <summary>The forbidden APIs of <paramref name="cell"/> (empty when it has none), each problem reported.</summary>
    /// <param name="cell">Any cell.</param>
    /// <param name="answer">Whether the cell is a code answer cell, the only kind that may carry the list.</param>
    /// <param name="problem">Receives each problem as a sentence.</param>
    public static IReadOnlyList<string> Read(NotebookCell cell, bool answer, Action<string> problem)
    {
        if (!cell.Metadata.TryGetPropertyValue(Key, out JsonNode? node)) return [];
        if (node is not JsonObject meta)
        {
            problem($"metadata.{Key} must be an object, not {NbgraderMetadata.Describe(node)}");
            return [];
        }
        int before = 0;
        void Problem(string text) { before++; problem(text); }
        foreach (string key in meta.Select(p => p.Key).Where(k => k != "forbidden").Order(StringComparer.Ordinal))
            Problem($"metadata.{Key} has an unknown key '{key}'; the only key is forbidden");
        if (!meta.TryGetPropertyValue("forbidden", out JsonNode? list)) return [];
        if (!answer)
        {
            Problem($"metadata.{Key}.forbidden belongs on a code answer cell (solution true, grade false, locked false); "
                + "it lists the APIs that exercise's answer may not use");
            return [];
        }
        if (list is not JsonArray array)
        {
            Problem($"metadata.{Key}.forbidden must be a list of API names, not {NbgraderMetadata.Describe(list)}");
            return [];
        }
        var names = new List<string>();
        foreach (JsonNode? entry in array)
        {
            if (entry is not JsonValue v || v.GetValueKind() != JsonValueKind.String)
            {
                Problem($"metadata.{Key}.forbidden holds {NbgraderMetadata.Describe(entry)}; each entry is a string");
                continue;
            }
            string name = v.GetValue<string>();
            if (!NamePattern().IsMatch(name))
                Problem($"metadata.{Key}.forbidden entry '{name}' is not a fully qualified name: write Namespace.Type for a "
                    + "whole type or Namespace.Type.Member for one member, e.g. ScoreNotebooks.Divergences.KullbackLeibler.Between");
            else if (names.Contains(name))
                Problem($"metadata.{Key}.forbidden lists '{name}' twice");
            else
                names.Add(name);
        }
        return before > 0 ? [] : names;
    }

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")]
    private static partial Regex NamePattern();
}
