using System.Text.Json.Nodes;
using ScoreNotebooks.Notebooks.Format;
using static ScoreNotebooks.Notebooks.Tests.Format.HostileNotebook;

namespace ScoreNotebooks.Notebooks.Tests.Format;

public class NotebookSchemaTests
{
    [Fact]
    public void TheBaseNotebook_Loads()
    {
        var notebook = NotebookDocument.Parse(Valid);
        Assert.Equal(["markdown", "code", "raw"], notebook.Cells.Select(c => c.CellType));
    }

    // Reproduced: a source of numbers crashed the runner in NotebookText.Join (exit 134).
    [Fact]
    public void SourceOfNumbers_ThrowsNamingFileCellAndProblem() =>
        AssertRejected(With("cells[1].source", "[1, 2]"),
            "cell 2: \"source\" must be a string or an array of strings, but item 1 of the array is the number 1");

    // Reproduced: a null line was joined as an empty string, silently.
    [Fact]
    public void NullLineInSource_ThrowsNamingFileCellAndProblem() =>
        AssertRejected(With("cells[0].source", "[\"x\", null]"),
            "cell 1: \"source\" must be a string or an array of strings, but item 2 of the array is null");

    [Theory]
    [InlineData("nbformat", "\"4\"", "\"nbformat\" is the string \"4\"; only version 4 is supported")]
    [InlineData("nbformat", "4.0", "\"nbformat\" is the number 4.0")]
    [InlineData("nbformat", null, "\"nbformat\" is missing")]
    [InlineData("nbformat_minor", "\"5\"", "\"nbformat_minor\" must be a whole number from 0 to 2147483647, but it is the string \"5\"")]
    [InlineData("nbformat_minor", "-1", "\"nbformat_minor\" must be a whole number from 0 to 2147483647, but it is the number -1")]
    [InlineData("nbformat_minor", "1e400", "\"nbformat_minor\" must be a whole number from 0 to 2147483647, but it is the number 1e400")]
    [InlineData("nbformat_minor", null, "the notebook has no \"nbformat_minor\"")]
    [InlineData("metadata", "[]", "\"metadata\" must be an object, but it is an array")]
    [InlineData("metadata", null, "the notebook has no \"metadata\" object")]
    [InlineData("cells", "{}", "\"cells\" must be an array, but it is an object")]
    [InlineData("cells", null, "the notebook has no \"cells\" array")]
    [InlineData("cells[0]", "\"text\"", "cell 1 is not an object with a string \"cell_type\"")]
    [InlineData("cells[1].cell_type", "5", "cell 2 is not an object with a string \"cell_type\"")]
    [InlineData("cells[1].cell_type", "\"heading\"", "cell 2 has \"cell_type\" \"heading\"; nbformat 4 defines")]
    [InlineData("cells[0].metadata", "null", "cell 1: \"metadata\" must be an object, but it is null")]
    [InlineData("cells[2].metadata", null, "cell 3 has no \"metadata\" object")]
    [InlineData("cells[2].source", null, "cell 3 has no \"source\"")]
    [InlineData("cells[2].source", "{}", "cell 3: \"source\" must be a string or an array of strings, but it is an object")]
    [InlineData("cells[1].outputs", "\"none\"", "cell 2: \"outputs\" must be an array, but it is the string \"none\"")]
    [InlineData("cells[1].outputs", null, "cell 2 has no \"outputs\" array")]
    [InlineData("cells[1].outputs[0]", "[]", "cell 2, output 1 is not an object with a string \"output_type\"")]
    [InlineData("cells[1].execution_count", "\"3\"", "cell 2: \"execution_count\" must be a whole number from 0 to 2147483647 or null, but it is the string \"3\"")]
    [InlineData("cells[1].execution_count", "-1", "cell 2: \"execution_count\" must be a whole number")]
    [InlineData("cells[1].execution_count", "1.5", "cell 2: \"execution_count\" must be a whole number")]
    [InlineData("cells[1].execution_count", "1e400", "but it is the number 1e400")]
    [InlineData("cells[1].execution_count", "99999999999", "but it is the number 99999999999")]
    [InlineData("cells[1].execution_count", null, "cell 2 has no \"execution_count\"")]
    [InlineData("cells[1].id", "7", "cell 2: \"id\" must be a string, but it is the number 7")]
    [InlineData("cells[1].id", "\"\"", "cell 2: \"id\" must be 1 to 64 ASCII letters, digits, '-' or '_'")]
    [InlineData("cells[1].id", "\"a b\"", "cell 2: \"id\" must be 1 to 64 ASCII letters, digits, '-' or '_', but it is the string \"a b\"")]
    [InlineData("cells[1].id", "\"m\"", "cell 2 has the id \"m\" of cell 1; cell ids must be unique")]
    [InlineData("cells[0].attachments", "[]", "cell 1: \"attachments\" must be an object, but it is an array")]
    [InlineData("cells[0].attachments", "{\"dot_png\": \"iVBO\"}", "cell 1, attachment \"dot_png\" must be an object of MIME types, but it is the string")]
    [InlineData("cells[0].attachments.dot_png", "{\"image/png\": 5}", "cell 1, attachment \"dot_png\" \"image/png\" must be a string or an array of strings, but it is the number 5")]
    [InlineData("cells[1].outputs[0].output_type", "\"weird\"", "cell 2, output 1 has \"output_type\" \"weird\"; nbformat 4 defines")]
    [InlineData("cells[1].outputs[0].text", null, "cell 2, output 1 has no \"text\"")]
    [InlineData("cells[1].outputs[0].name", "5", "cell 2, output 1: \"name\" must be a string, but it is the number 5")]
    [InlineData("cells[1].outputs[1].data", "\"x\"", "cell 2, output 2: \"data\" must be an object of MIME types, but it is the string \"x\"")]
    [InlineData("cells[1].outputs[1].data", "{\"text/plain\": [null]}", "cell 2, output 2: \"data\" \"text/plain\" must be a string or an array of strings, but item 1 of the array is null")]
    [InlineData("cells[1].outputs[1].metadata", null, "cell 2, output 2 has no \"metadata\" object")]
    [InlineData("cells[1].outputs[2].execution_count", "\"1\"", "cell 2, output 3: \"execution_count\" must be a whole number")]
    [InlineData("cells[1].outputs[3].traceback", "[1]", "cell 2, output 4: \"traceback\" item 1 must be a string, but it is the number 1")]
    [InlineData("cells[1].outputs[3].evalue", "null", "cell 2, output 4: \"evalue\" must be a string, but it is null")]
    [InlineData("metadata.kernelspec", "\"C#\"", "metadata.kernelspec must be an object, but it is the string \"C#\"")]
    [InlineData("metadata.kernelspec.language", "5", "metadata.kernelspec.language must be a string, but it is the number 5")]
    [InlineData("cells[1].metadata.dotnet_interactive.language", "[\"csharp\"]", "cell 2: metadata.dotnet_interactive.language must be a string, but it is an array")]
    public void WrongTypesRangesAndMissingFields_ThrowNamingFileCellAndProblem(string path, string? value, string problem) =>
        AssertRejected(With(path, value), problem);

    [Fact]
    public void JsonMimeTypes_MayHoldAnyJson_OtherMimeTypesOnlyText()
    {
        var notebook = NotebookDocument.Parse(With("cells[1].outputs[1].data", "{\"application/vnd.plotly.v1+json\": {\"data\": [1.5]}, \"text/plain\": \"x\"}"));
        Assert.Equal(1.5, notebook.Cells[1].Outputs[1]["data"]!["application/vnd.plotly.v1+json"]!["data"]![0]!.GetValue<double>());
        AssertRejected(With("cells[1].outputs[1].data", "{\"image/svg+xml\": {\"data\": 1}}"), "\"image/svg+xml\" must be a string or an array of strings");
    }

    [Fact]
    public void KeysNbformatDoesNotDefine_AreKeptWhenSaved()
    {
        var root = JsonNode.Parse(With("future_field", "{\"x\": [1, \"y\"]}"))!;
        root["cells"]![1]!["later"] = 2;
        root["cells"]![1]!["outputs"]![0]!["extra"] = true;
        string json = root.ToJsonString();
        var notebook = NotebookDocument.Parse(json);
        var reloaded = NotebookDocument.Parse(notebook.ToJson());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(json), reloaded.Root), reloaded.ToJson());
    }

    [Fact]
    public void CellWithoutId_IsAccepted_AndNamedByItsNumber()
    {
        var notebook = NotebookDocument.Parse(With("cells[1].id", null));
        Assert.Null(notebook.Cells[1].Id);
        Assert.Equal("cell 2", notebook.Cells[1].Label);
    }
}
