using System.Text.Json.Nodes;
using ScoreNotebooks.Kernel.Tests.Jupyter;

namespace ScoreNotebooks.Kernel.Tests.Hosts;

/// <summary>
/// Figures draw in a real browser with no network: headless Chromium, every host but 127.0.0.1 made
/// unresolvable, opens chapters in the classic Notebook UI with the series' kernel and runs them, and opens
/// nbconvert's HTML pages of the executed chapters; every figure must draw (an svg.main-svg in its plot), the
/// equations must render, and the browser must log no error.
/// </summary>
[Collection(HostsCollection.Name)]
public sealed class BrowserTests(HostsFixture hosts)
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";
    private const string LocalMathJax = "/usr/share/javascript/mathjax/MathJax.js";
    private const string LocalRequireJs = "/usr/share/javascript/requirejs/require.min.js";

    private const string Missing =
        "the browser tests need Debian's chromium, chromium-driver, python3-selenium, jupyter-notebook (with its MathJax " +
        "and RequireJS) and jupyter-nbextension-jupyter-js-widgets (.ci/run installs them)";

    private static readonly Lazy<bool> Present = new(() =>
        Jupyter.Jupyter.Available && File.Exists(Chromium) && File.Exists(ChromeDriver) && File.Exists(LocalMathJax) && File.Exists(LocalRequireJs)
        && Jupyter.Jupyter.RunAsync(["-c", "import selenium, notebook"], Path.GetTempPath(), new Dictionary<string, string>(), TimeSpan.FromMinutes(1))
            .GetAwaiter().GetResult().Code == 0);

    /// <summary>Whether the machine has what the browser checks need (else the tests are skipped).</summary>
    internal static bool Available => Present.Value;

    /// <summary>The chapters run live in the Notebook UI.</summary>
    internal static readonly string[] LiveChapterNames = ["00-start-here.ipynb", "01-kl-and-maximum-likelihood.ipynb"];

    public static TheoryData<string> LiveChapters() => new(LiveChapterNames);

    [SkippableTheory]
    [MemberData(nameof(LiveChapters))]
    public async Task Chapter_RunInTheNotebookUi_DrawsEveryFigure_Offline_WithoutConsoleErrors(string chapter)
    {
        Skip.IfNot(Present.Value, Missing);
        var runner = await hosts.RunAsync(HostsFixture.Runner, chapter);

        var result = await hosts.BrowserCheckAsync(HostsFixture.NotebookUi, chapter);

        Assert.Equal((int)result["code_cells"]!, (int)result["ran"]!);
        Assert.Equal(0, (int)result["errors"]!);
        AssertDrawn(result, runner.Figures.Count);
    }

    [SkippableTheory]
    [MemberData(nameof(HostsFixture.Chapters), MemberType = typeof(HostsFixture))]
    public async Task ExecutedChapter_AsAnNbconvertHtmlPage_DrawsEveryFigure_Offline_WithoutConsoleErrors(string chapter)
    {
        Skip.IfNot(Present.Value, Missing);
        var runner = await hosts.RunAsync(HostsFixture.Runner, chapter);

        var result = await hosts.BrowserCheckAsync(HostsFixture.HtmlPage, chapter);

        AssertDrawn(result, runner.Figures.Count);
    }

    /// <summary>
    /// Opens the chapter in the classic Notebook UI and runs it there; what the browser drew. The fixture runs
    /// it (<see cref="HostsFixture.BrowserCheckAsync"/>), in a slot as a chapter run.
    /// </summary>
    internal static async Task<JsonObject> RunInNotebookUiAsync(HostsFixture hosts, ExecutedChapter runner, CancellationToken cancellationToken)
    {
        string chapter = Path.GetFileName(runner.Path);
        // A copy beside a link to the build output, so the setup cell's ../artifacts paths resolve and the
        // Notebook UI's autosave never touches the chapter itself.
        string root = hosts.Kernel.NewFolder("notebook-ui");
        string notebooks = Directory.CreateDirectory(Path.Combine(root, "notebooks")).FullName;
        File.Copy(Path.Combine(hosts.Libraries.Root, "notebooks", chapter), Path.Combine(notebooks, chapter));
        Directory.CreateSymbolicLink(Path.Combine(root, "artifacts"), Path.Combine(hosts.Libraries.Root, "artifacts"));

        return await Check(hosts, ["notebook-ui", notebooks, chapter, root], runner.Figures.Count, cancellationToken);
    }

    /// <summary>
    /// Writes nbconvert's HTML page of the runner's executed chapter and opens it; what the browser drew. The
    /// fixture runs it (<see cref="HostsFixture.BrowserCheckAsync"/>), in a slot as a chapter run.
    /// </summary>
    internal static async Task<JsonObject> DrawPageAsync(HostsFixture hosts, ExecutedChapter runner, CancellationToken cancellationToken)
    {
        string output = hosts.Kernel.NewFolder("html");
        // The page's own scripts (RequireJS, MathJax) from local copies, as the README tells readers who want
        // an offline page; the figures need nothing but the notebook.
        var (code, stdout, stderr) = await hosts.Kernel.RunPythonAsync(
            ["-m", "nbconvert", "--to", "html", "--output-dir", output,
             $"--HTMLExporter.mathjax_url=file://{LocalMathJax}?config=TeX-AMS_CHTML",
             $"--HTMLExporter.require_js_url=file://{LocalRequireJs}", runner.Path],
            output, TimeSpan.FromMinutes(5), cancellationToken: cancellationToken);
        Assert.True(code == 0, $"nbconvert --to html exited with {code}:\n{stderr}\n{stdout}");
        string page = Path.Combine(output, Path.ChangeExtension(Path.GetFileName(runner.Path), ".html"));
        Assert.DoesNotContain("cdn.plot.ly/plotly", File.ReadAllText(page));

        return await Check(hosts, ["page", page, output], runner.Figures.Count, cancellationToken);
    }

    private static void AssertDrawn(JsonObject result, int figures)
    {
        Assert.Equal(figures, (int)result["figures"]!);
        Assert.True((int)result["svgs"]! >= figures, $"{result["svgs"]} svg.main-svg for {figures} figures");
        Assert.Equal(0, (int)result["unloaded"]!);
        Assert.True((int)result["math"]! > 0, "no equation was rendered");
        Assert.Empty(result["console"]!.AsArray().Select(m => (string?)m));
    }

    private static async Task<JsonObject> Check(HostsFixture hosts, IReadOnlyList<string> args, int expectedFigures, CancellationToken cancellationToken)
    {
        var (code, output, errors) = await hosts.Kernel.RunPythonAsync(
            [Path.Combine(InstalledKernel.Clients, "browser_check.py"), .. args], args[^1], TimeSpan.FromMinutes(20),
            new Dictionary<string, string> { ["EXPECTED_FIGURES"] = expectedFigures.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            cancellationToken);
        Assert.True(code == 0, $"browser_check.py {args[0]} exited with {code}:\n{errors}\n{output}");
        return (JsonObject)JsonNode.Parse(output)!;
    }
}
