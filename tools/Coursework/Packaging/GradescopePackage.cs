using System.Globalization;
using System.Text.RegularExpressions;
using ScoreNotebooks.Notebooks.Format;

namespace ScoreNotebooks.Coursework.Packaging;

/// <summary>
/// A Gradescope autograder for one source notebook: <c>setup.sh</c>, <c>run_autograder</c> and <c>repo/</c>, the
/// repository's sources with the source notebook in <c>repo/notebooks/</c>. Zip the folder's contents and upload them.
/// </summary>
/// <remarks>
/// <para><c>setup.sh</c> runs once, as root, when Gradescope builds the image (Ubuntu): it installs bubblewrap and the
/// .NET SDK (<c>dotnet-sdk-10.0</c> from Microsoft's package feed for the image's distribution, or Microsoft's
/// <c>dotnet-install.sh</c> where the feed has no such package), then builds the coursework tool and the Release
/// libraries the notebook's setup cell references.</para>
/// <para><c>run_autograder</c> runs per submission: it takes the notebook in <c>/autograder/submission</c> (the one
/// named as the source, else the first <c>.ipynb</c>), grades it as student <c>student</c> with the limits given
/// here, and copies <c>gradescope/student/results.json</c> to <c>/autograder/results/results.json</c>. The folders
/// can be moved for a test run with <c>AUTOGRADER_ROOT</c> (submission/ and results/ under it),
/// <c>AUTOGRADER_SOURCE</c> (this package) and <c>SCORENOTEBOOKS_COURSEWORK</c> (the tool's dll).</para>
/// </remarks>
internal static partial class GradescopePackage
{
    private static readonly string[] Copied = ["global.json", "Directory.Build.props", "Directory.Packages.props", "lib", "tools", "data"];

    /// <summary>Writes the package of <paramref name="sourcePath"/> into <paramref name="outDirectory"/>.</summary>
    /// <param name="sourcePath">The instructor's notebook, its markup already checked.</param>
    /// <param name="source">Its parsed notebook.</param>
    /// <param name="repositoryRoot">The repository whose sources are packaged.</param>
    /// <param name="outDirectory">The package folder; created.</param>
    /// <param name="options">The limits run_autograder grades with.</param>
    /// <returns>The files written at the package's top level.</returns>
    public static IReadOnlyList<string> Write(string sourcePath, NotebookDocument source, string repositoryRoot, string outDirectory,
        CourseworkOptions options)
    {
        Directory.CreateDirectory(outDirectory);
        string repo = Path.Combine(outDirectory, "repo");
        if (Directory.Exists(repo)) Directory.Delete(repo, recursive: true);
        foreach (string name in Copied)
        {
            string from = Path.Combine(repositoryRoot, name);
            if (File.Exists(from)) File.Copy(from, Path.Combine(Directory.CreateDirectory(repo).FullName, name));
            else if (Directory.Exists(from)) CopyTree(from, Path.Combine(repo, name), outDirectory);
        }
        string name0 = Path.GetFileName(sourcePath);
        File.Copy(sourcePath, Path.Combine(Directory.CreateDirectory(Path.Combine(repo, "notebooks")).FullName, name0), overwrite: true);
        string setup = Path.Combine(outDirectory, "setup.sh");
        string run = Path.Combine(outDirectory, "run_autograder");
        File.WriteAllText(setup, SetupScript(Projects(source, repositoryRoot)));
        File.WriteAllText(run, RunScript(name0, options));
        if (!OperatingSystem.IsWindows())
            foreach (string script in new[] { setup, run })
                File.SetUnixFileMode(script, File.GetUnixFileMode(script) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        return [setup, run, repo];
    }

    /// <summary>The projects to build in Release: those whose outputs the notebook's <c>#r "../artifacts/bin/P/release/…"</c>
    /// lines name (found under lib/ or tools/), and the coursework tool.</summary>
    private static List<string> Projects(NotebookDocument source, string repositoryRoot)
    {
        var projects = new List<string>();
        foreach (NotebookCell cell in source.Cells.Where(c => c.IsCode))
            foreach (Match m in ReleaseReference().Matches(cell.Source))
            {
                string name = m.Groups["project"].Value;
                string? folder = new[] { "lib", "tools" }.Select(f => $"{f}/{name}")
                    .FirstOrDefault(f => Directory.Exists(Path.Combine(repositoryRoot, f)));
                if (folder is not null && !projects.Contains(folder)) projects.Add(folder);
            }
        projects.Add("tools/Coursework");
        return projects;
    }

    private static void CopyTree(string from, string to, string exclude)
    {
        if (Path.GetFullPath(from) == Path.GetFullPath(exclude) || Path.GetFileName(from) is "bin" or "obj") return;
        Directory.CreateDirectory(to);
        foreach (string file in Directory.EnumerateFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (string dir in Directory.EnumerateDirectories(from)) CopyTree(dir, Path.Combine(to, Path.GetFileName(dir)), exclude);
    }

    private static string SetupScript(IReadOnlyList<string> projects) =>
        $$"""
        #!/usr/bin/env bash
        # Gradescope runs this once, as root, while it builds the autograder image (Ubuntu or Debian).
        # It installs bubblewrap (grading's sandbox, used where the image allows user namespaces) and the .NET 10 SDK from
        # Microsoft's package feed for this distribution, then builds the coursework tool and the Release libraries.
        set -euo pipefail
        here="$(cd "$(dirname "$0")" && pwd)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update
        apt-get install -y --no-install-recommends ca-certificates wget bubblewrap
        . /etc/os-release
        if ! command -v dotnet >/dev/null || ! dotnet --list-sdks | grep -q '^10\.'; then
            if wget -q "https://packages.microsoft.com/config/${ID}/${VERSION_ID}/packages-microsoft-prod.deb" -O /tmp/packages-microsoft-prod.deb; then
                dpkg -i /tmp/packages-microsoft-prod.deb
                apt-get update
            fi
            if ! apt-get install -y dotnet-sdk-10.0; then
                # No dotnet-sdk-10.0 package for this release in either feed: Microsoft's install script instead.
                wget -q https://dot.net/v1/dotnet-install.sh -O /tmp/dotnet-install.sh
                bash /tmp/dotnet-install.sh --channel 10.0 --install-dir /usr/share/dotnet
                ln -sf /usr/share/dotnet/dotnet /usr/local/bin/dotnet
            fi
        fi
        export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
        cd "$here/repo"
        {{string.Join("\n", projects.Select(p => $"dotnet build {p} -c Release"))}}
        # The worker each submission runs in, precompiled (ReadyToRun, no tiered compilation): grade --precompile finds it
        # up to date instead of compiling it while a student waits.
        case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
        dotnet publish tools/NotebookWorker/NotebookWorker.csproj -c Release -r "$rid" --self-contained false \
            -p:PublishReadyToRun=true -p:TieredCompilation=false -o artifacts/worker-precompiled --nologo -v q

        """.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string RunScript(string notebook, CourseworkOptions options)
    {
        string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
        return $$"""
            #!/usr/bin/env bash
            # Gradescope runs this for each submission. It grades the notebook in the submission folder against
            # repo/notebooks/{{notebook}} and writes Gradescope's results.json.
            #
            # Limits: each cell {{Number(options.TimeoutSeconds)}} s, the whole submission {{Number(options.SubmissionTimeoutSeconds)}} s,
            # the notebook's process {{options.MemoryMegabytes}} MiB. Set Gradescope's autograder timeout above the submission
            # limit plus about a minute (the worker's start and the replays after a crash), and pick autograder hardware
            # with at least {{options.MemoryMegabytes}} MiB + 1 GiB of memory; make a new package to change the limits.
            #
            # For a test run elsewhere: AUTOGRADER_ROOT (default /autograder) holds submission/ and results/,
            # AUTOGRADER_SOURCE (default $AUTOGRADER_ROOT/source) is this package, SCORENOTEBOOKS_COURSEWORK is the
            # coursework tool's dll (default: the one setup.sh built).
            set -uo pipefail
            root="${AUTOGRADER_ROOT:-/autograder}"
            package="${AUTOGRADER_SOURCE:-$root/source}"
            tool="${SCORENOTEBOOKS_COURSEWORK:-$package/repo/artifacts/bin/Coursework/release/ScoreNotebooks.Coursework.dll}"
            results="$root/results"
            mkdir -p "$results"
            fail() {
                printf '{"score": 0, "output": "%s"}\n' "$1" > "$results/results.json"
                exit 0
            }
            submission="$(find "$root/submission" -name '{{notebook}}' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null | sort | head -n 1)"
            [ -n "$submission" ] || submission="$(find "$root/submission" -name '*.ipynb' -not -path '*/.ipynb_checkpoints/*' 2>/dev/null | sort | head -n 1)"
            [ -n "$submission" ] || fail "No notebook (.ipynb) was found in the submission; upload {{notebook}}."
            work="$(mktemp -d)"
            trap 'rm -rf "$work"' EXIT
            cp "$submission" "$work/student.ipynb"
            # The precompiled worker setup.sh made, when it made one.
            precompile=--no-precompile
            [ -d "$package/repo/artifacts/worker-precompiled" ] && precompile=--precompile
            dotnet "$tool" grade --source "$package/repo/notebooks/{{notebook}}" "$work/student.ipynb" --out "$work/graded" \
                --jobs 1 "$precompile" --timeout {{Number(options.TimeoutSeconds)}} --submission-timeout {{Number(options.SubmissionTimeoutSeconds)}} --memory {{options.MemoryMegabytes}}
            [ -f "$work/graded/gradescope/student/results.json" ] || fail "The grader could not run; ask your instructor."
            cp "$work/graded/gradescope/student/results.json" "$results/results.json"

            """.Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    [GeneratedRegex(@"artifacts/bin/(?<project>[A-Za-z0-9_.-]+)/release/")]
    private static partial Regex ReleaseReference();
}
