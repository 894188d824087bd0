using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Notebooks.Tests.Format;

/// <summary>
/// A valid notebook with one cell of each kind and one output of each type, to be broken one field
/// at a time; and the assertion that the reader refuses a file naming it and the problem.
/// </summary>
internal static class HostileNotebook
{
    public const string Valid = """
        {
         "cells": [
          {"attachments": {"dot_png": {"image/png": "iVBORw0KGgo="}}, "cell_type": "markdown", "id": "m",
           "metadata": {}, "source": ["# Title\n", "text"]},
          {"cell_type": "code", "execution_count": 1, "id": "c",
           "metadata": {"dotnet_interactive": {"language": "csharp"}},
           "outputs": [
            {"name": "stdout", "output_type": "stream", "text": ["a\n"]},
            {"data": {"text/plain": "x", "application/json": {"k": [1, null]}}, "metadata": {}, "output_type": "display_data"},
            {"data": {"text/plain": ["2"]}, "execution_count": 1, "metadata": {}, "output_type": "execute_result"},
            {"ename": "E", "evalue": "v", "output_type": "error", "traceback": ["t"]}
           ],
           "source": "1 + 1"},
          {"cell_type": "raw", "id": "r", "metadata": {}, "source": []}
         ],
         "metadata": {"kernelspec": {"display_name": ".NET (C#)", "language": "C#", "name": ".net-csharp"}},
         "nbformat": 4,
         "nbformat_minor": 5
        }
        """;

    /// <summary>
    /// <see cref="Valid"/> with the field at <paramref name="path"/> (such as <c>cells[1].outputs[0].text</c>)
    /// set to the JSON <paramref name="value"/>, or removed when <paramref name="value"/> is null.
    /// </summary>
    public static string With(string path, string? value)
    {
        var root = JsonNode.Parse(Valid)!;
        string[] segments = path.Replace("[", ".[").Split('.', StringSplitOptions.RemoveEmptyEntries);
        JsonNode parent = root;
        foreach (string segment in segments[..^1])
            parent = segment.StartsWith('[') ? parent[Index(segment)]! : parent[segment]!;
        string last = segments[^1];
        JsonNode? node = value is null ? null : JsonNode.Parse(value, documentOptions: Deep);
        if (last.StartsWith('['))
        {
            if (value is null) parent.AsArray().RemoveAt(Index(last));
            else parent[Index(last)] = node;
        }
        else if (value is null)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = node;
        }
        return root.ToJsonString();
    }

    /// <summary>Writes <paramref name="bytes"/> as <c>hostile.ipynb</c> and asserts that loading it throws
    /// a <see cref="NotebookFormatException"/> naming the file and containing each of <paramref name="problem"/>.</summary>
    public static NotebookFormatException AssertRejected(byte[] bytes, params string[] problem)
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "hostile.ipynb");
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<NotebookFormatException>(() => NotebookDocument.Load(path));
        Assert.Equal(path, error.Path);
        Assert.StartsWith(path + ": ", error.Message);
        foreach (string part in problem)
            Assert.Contains(part, error.Problem);
        return error;
    }

    /// <inheritdoc cref="AssertRejected(byte[], string[])"/>
    public static NotebookFormatException AssertRejected(string json, params string[] problem) =>
        AssertRejected(new UTF8Encoding(false).GetBytes(json), problem);

    /// <summary>Parser options for test trees nested deeper than System.Text.Json's default of 64 levels.</summary>
    public static readonly JsonDocumentOptions Deep = new() { MaxDepth = 1024 };

    private static int Index(string segment) => int.Parse(segment[1..^1], System.Globalization.CultureInfo.InvariantCulture);
}
