using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreNotebooks.Coursework.Tests.Grading;

namespace ScoreNotebooks.Coursework.Tests.Packaging;

/// <summary>gradescope writes an autograder whose run_autograder, pointed at temporary folders, writes a valid results.json.</summary>
[Collection("Grading")]
public class GradescopePackageTests(GradingLibraries libraries)
{
    private (int Code, string Output) RunAutograder(string package, string root)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(package, "run_autograder"));
        start.Environment["AUTOGRADER_ROOT"] = root;
        start.Environment["AUTOGRADER_SOURCE"] = package;
        start.Environment["SCORENOTEBOOKS_COURSEWORK"] =
            Path.Combine(libraries.Root, "artifacts", "bin", "Coursework", "debug", "ScoreNotebooks.Coursework.dll");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    [Fact]
    public void Gradescope_WritesTheScriptsAndSources_AndRunAutograderWritesResults()
    {
        using var folder = new TempFolder();
        string source = GradeTests.Source().WriteTo(Directory.CreateDirectory(Path.Combine(folder.Path, "src")).FullName, "ch.ipynb");
        var (code, output, error) = Tool.Run(folder.Path, "gradescope", "--source", source, "--out", "package", "--timeout", "60");
        Assert.True(code == 0, output + error);
        string package = Path.Combine(folder.Path, "package");
        string setup = File.ReadAllText(Path.Combine(package, "setup.sh"));
        Assert.Contains("packages.microsoft.com/config/${ID}/${VERSION_ID}/packages-microsoft-prod.deb", setup);
        Assert.Contains("apt-get install -y dotnet-sdk-10.0", setup);
        Assert.Contains("dotnet build lib/ScoreNotebooks -c Release\ndotnet build tools/Coursework -c Release\n", setup);
        string run = File.ReadAllText(Path.Combine(package, "run_autograder"));
        Assert.Contains("--jobs 1 \"$precompile\" --timeout 60 --submission-timeout 1200 --memory 4096", run);
        Assert.Contains("-p:PublishReadyToRun=true -p:TieredCompilation=false -o artifacts/worker-precompiled", setup);
        Assert.Contains("# Limits: each cell 60 s, the whole submission 1200 s", run);
        if (!OperatingSystem.IsWindows())
            Assert.True(File.GetUnixFileMode(Path.Combine(package, "run_autograder")).HasFlag(UnixFileMode.UserExecute));
        Assert.Equal(File.ReadAllText(source), File.ReadAllText(Path.Combine(package, "repo", "notebooks", "ch.ipynb")));
        Assert.True(File.Exists(Path.Combine(package, "repo", "tools", "Coursework", "Coursework.csproj")));
        Assert.False(Directory.Exists(Path.Combine(package, "repo", "tools", "Coursework", "obj")));

        Assert.Equal(0, Tool.Run(folder.Path, "assign", source, "--out", "release").Code);
        string root = Path.Combine(folder.Path, "autograder");
        new Submission(Path.Combine(folder.Path, "release", "ch.ipynb")).Answer("ex1", "return 2 * x;").Answer("ex2", "return x + x;")
            .WriteTo(Path.Combine(root, "submission"), "ch.ipynb");
        var (exit, log) = RunAutograder(package, root);
        Assert.True(exit == 0, log);
        var results = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "results", "results.json")))!;
        Assert.Equal(2, (double)results["score"]!);
        Assert.Equal(["ex1", "ex2"], results["tests"]!.AsArray().Select(t => (string?)t!["name"]));
        Assert.Equal([2.0, 0.0], results["tests"]!.AsArray().Select(t => (double)t!["score"]!));

        File.Delete(Path.Combine(root, "submission", "ch.ipynb"));
        (exit, log) = RunAutograder(package, root);
        Assert.True(exit == 0, log);
        results = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "results", "results.json")))!;
        Assert.Equal(0, (double)results["score"]!);
        Assert.Contains("No notebook (.ipynb) was found in the submission", (string?)results["output"]);
    }
}
