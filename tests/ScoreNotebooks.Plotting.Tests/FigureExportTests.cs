using System.Text;
using System.Text.RegularExpressions;
using Plotly.NET;

namespace ScoreNotebooks.Plotting.Tests;

public sealed class FigureExportTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "plotting-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
    }

    private static GenericChart Curve() => CurveFigures.Line([1, 2, 3], [0.125, 0.25, 0.375], "σ-sweep", "σ", "value");

    [Fact]
    public void Save_CreatesDirectories_AndWritesAStandaloneFileWithTheData()
    {
        string path = Path.Combine(root, "nested", "deeper", "curve.html");

        string written = Curve().Save(path);

        Assert.Equal(Path.GetFullPath(path), written);
        Assert.True(File.Exists(path));
        string html = File.ReadAllText(path, Encoding.UTF8);
        Assert.Contains("plotly.js v", html);            // the library's own banner: the source is inside
        Assert.Contains("Plotly.newPlot", html);
        Assert.True(html.Length > 1_000_000, $"only {html.Length} characters: plotly.js is not embedded");
        Assert.DoesNotMatch(new Regex("<script[^>]*\\ssrc=", RegexOptions.IgnoreCase), html);
        Assert.Contains("\"y\":[0.125,0.25,0.375]", html);
        Assert.Contains("σ-sweep", html);
    }

    [Fact]
    public void Save_DeclaresUtf8WithinTheFirstKilobyte()
    {
        string path = Path.Combine(root, "charset.html");

        Curve().Save(path);

        var head = new byte[1024];
        using (var stream = File.OpenRead(path))
            stream.ReadExactly(head);
        Assert.Contains("<meta charset=\"utf-8\">", Encoding.ASCII.GetString(head));
        Assert.Single(Regex.Matches(File.ReadAllText(path), "<meta charset="));
    }

    [Fact]
    public void Save_ReplacesAnExistingFile()
    {
        string path = Path.Combine(root, "twice.html");
        Curve().Save(path);

        CurveFigures.Line([1, 2], [7.5, 8.5], "second", "x", "y").Save(path);

        Assert.Contains("\"y\":[7.5,8.5]", File.ReadAllText(path));
    }

    [Fact]
    public void ToHtmlFragment_DrawsTheChartWithoutEmbeddingPlotly()
    {
        string fragment = FigureExport.ToHtmlFragment(Curve());

        Assert.Contains("Plotly.newPlot", fragment);
        Assert.Contains("\"y\":[0.125,0.25,0.375]", fragment);
        Assert.DoesNotContain("plotly.js v", fragment);
    }

    [Fact]
    public void BadArguments_NameTheParameter()
    {
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => Curve().Save(Path.Combine(root, "figure.png"))).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentException>(() => Curve().Save(" ")).ParamName);
        Assert.Equal("path", Assert.Throws<ArgumentNullException>(() => Curve().Save(null!)).ParamName);
        Assert.Equal("chart", Assert.Throws<ArgumentNullException>(() => FigureExport.Save(null!, Path.Combine(root, "x.html"))).ParamName);
        Assert.False(Directory.Exists(root), "a rejected call must not create directories");
    }
}
