using System.Text;
using ScoreNotebooks.Notebooks.Format;
using static ScoreNotebooks.Notebooks.Tests.Format.HostileNotebook;

namespace ScoreNotebooks.Notebooks.Tests.Format;

public class NotebookJsonReaderTests
{
    private static byte[] Utf8(string text) => new UTF8Encoding(false).GetBytes(text);

    // Reproduced: System.Text.Json's JsonObject threw ArgumentException on the repeated key (exit 134).
    [Fact]
    public void DuplicateKeyAtTheTopLevel_ThrowsNamingFileKeyAndPlace() =>
        AssertRejected(Valid.Replace("\"nbformat\": 4,", "\"nbformat\": 4, \"nbformat\": 4,"),
            "the key \"nbformat\" appears twice in the top-level object");

    [Theory]
    [InlineData("\"id\": \"c\",", "\"id\": \"c\", \"id\": \"d\",", "the key \"id\" appears twice in cell 2")]
    [InlineData("\"language\": \"csharp\"", "\"language\": \"csharp\", \"language\": \"fsharp\"", "the key \"language\" appears twice in cell 2, at metadata.dotnet_interactive")]
    [InlineData("\"name\": \"stdout\",", "\"name\": \"stdout\", \"name\": \"stderr\",", "the key \"name\" appears twice in cell 2, at outputs[0]")]
    [InlineData("\"k\": [1, null]", "\"k\": [1, null], \"k\": 2", "the key \"k\" appears twice in cell 2, at outputs[1].data[\"application/json\"]")]
    [InlineData("\"image/png\": \"iVBORw0KGgo=\"", "\"image/png\": \"iVBORw0KGgo=\", \"image/png\": \"\"", "the key \"image/png\" appears twice in cell 1, at attachments.dot_png")]
    [InlineData("\"name\": \".net-csharp\"", "\"name\": \".net-csharp\", \"name\": \"x\"", "the key \"name\" appears twice in metadata.kernelspec")]
    public void DuplicateKeyAnywhere_ThrowsNamingFileKeyAndPlace(string field, string repeated, string problem)
    {
        Assert.Contains(field, Valid);
        AssertRejected(Valid.Replace(field, repeated), problem);
    }

    [Fact]
    public void InvalidUtf8_ThrowsNamingTheByteOffset()
    {
        byte[] bytes = Utf8(Valid);
        int at = Array.IndexOf(bytes, (byte)'#');
        bytes[at] = 0xC3;  // a lead byte followed by a space: not UTF-8
        AssertRejected(bytes, $"not valid UTF-8 text (byte 0xC3 at byte offset {at})");
    }

    [Fact]
    public void Utf16Text_ThrowsSayingSo() =>
        AssertRejected([.. new UnicodeEncoding(false, true).GetPreamble(), .. Encoding.Unicode.GetBytes(Valid)], "UTF-16");

    [Fact]
    public void Utf8ByteOrderMark_IsSkipped_AndTheNotebookSavedWithoutIt_ContentUnchanged()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "bom.ipynb");
        string canonical = CanonicalJsonWriter.Write(System.Text.Json.Nodes.JsonNode.Parse(Valid));
        File.WriteAllBytes(path, [0xEF, 0xBB, 0xBF, .. Utf8(canonical)]);
        string copy = Path.Combine(folder.Path, "copy.ipynb");
        NotebookDocument.Load(path).Save(copy);
        Assert.Equal(Utf8(canonical), File.ReadAllBytes(copy));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" \r\n\t")]
    [InlineData("\uFEFF")]
    public void EmptyFile_ThrowsSayingItIsEmpty(string text) =>
        AssertRejected(Encoding.UTF8.GetBytes(text), "the file is empty");

    [Theory]
    [InlineData("{\"nbformat\": 4} {}")]
    [InlineData("{\"nbformat\": 4,}")]
    [InlineData("{\"nbformat\": 4 // comment\n}")]
    [InlineData("{\"nbformat\": NaN}")]
    public void TextThatIsNotOneJsonValue_ThrowsNotValidJson(string text) =>
        AssertRejected(text, "not valid JSON (");

    [Fact]
    public void NestingDeeperThan512Levels_ThrowsSayingSo() =>
        AssertRejected(With("metadata.deep", new string('[', 512) + new string(']', 512)), "nested more than 512 levels deep");

    [Fact]
    public void Nesting512LevelsDeep_LoadsAndSavesUnchanged()
    {
        // The top-level object and its metadata are two levels, so 510 arrays inside make 512.
        string json = With("metadata.deep", new string('[', 510) + "1" + new string(']', 510));
        var notebook = NotebookDocument.Parse(json);
        Assert.Equal(notebook.ToJson(), NotebookDocument.Parse(notebook.ToJson()).ToJson());
        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(System.Text.Json.Nodes.JsonNode.Parse(json, documentOptions: Deep), notebook.Root));
    }

    // A string escape cannot be decoded lazily: it would throw InvalidOperationException on first use.
    [Theory]
    [InlineData("\"text\"]}", "\"text\\ud800\"]}", "a string in cell 1, at source[1] has an unpaired UTF-16 surrogate")]
    [InlineData("\"metadata\": {},", "\"metadata\": {\"\\udc00\": 1},", "a key in cell 1, at metadata has an unpaired UTF-16 surrogate")]
    public void EscapedUnpairedSurrogate_ThrowsNamingThePlace(string field, string broken, string problem)
    {
        Assert.Contains(field, Valid);
        AssertRejected(Valid.Replace(field, broken), problem);
    }

    [Fact]
    public void ParsedTextWithAnUnpairedSurrogate_ThrowsRatherThanWritingAReplacementCharacter()
    {
        string text = Valid.Replace("# Title", "# Title\ud800");
        var error = Assert.Throws<NotebookFormatException>(() => NotebookDocument.Parse(text, "text.ipynb"));
        Assert.StartsWith("text.ipynb: the text has an unpaired UTF-16 surrogate at character ", error.Message);
    }

    [Fact]
    public void NumbersBeyondDoubleOrLong_AreWrittenBackAsTheyWereRead()
    {
        string numbers = "[1e400, -0, 1.0E+5, 123456789012345678901234567890, -1e-400]";
        var notebook = NotebookDocument.Parse(With("metadata.numbers", numbers));
        Assert.Contains("1e400,\n   -0,\n   1.0E+5,\n   123456789012345678901234567890,\n   -1e-400\n", notebook.ToJson());
    }

    [Fact]
    public void FileLargerThanTheLimit_ThrowsWithoutReadingIt()
    {
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "huge.ipynb");
        // A sparse file: as long as the limit plus one byte, but no data written.
        using (var stream = File.Create(path)) stream.SetLength(NotebookDocument.MaxFileBytes + 1);
        var error = Assert.Throws<NotebookFormatException>(() => NotebookDocument.Load(path));
        Assert.Equal($"{path}: the file is larger than 256 MiB, the most a notebook may have", error.Message);
    }
}
