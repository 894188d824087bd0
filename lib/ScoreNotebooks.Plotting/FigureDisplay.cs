using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using ScoreNotebooks.Plotting.Hosting;

namespace ScoreNotebooks.Plotting;

/// <summary>
/// Makes Plotly.NET figures show inline, with no network, in whichever notebook host runs the cell:
/// the series' runner and kernel, or .NET Interactive (Polyglot Notebooks, <c>dotnet interactive jupyter</c>).
/// The setup cell of every chapter calls <see cref="Enable"/>.
/// </summary>
/// <remarks>
/// <para>The series' engine shows charts itself, so there this does nothing. In .NET Interactive it does
/// two things. First, it lets Plotly.NET load: Plotly.NET 6 is built against FSharp.Core 10.1, while
/// .NET Interactive 1.0.712001 has FSharp.Core 10.0 loaded already, and a process holds one FSharp.Core; a
/// request for FSharp.Core 10.x that nothing else answers is answered with the loaded one (every member
/// Plotly.NET uses exists in 10.0). Second, it registers how a chart is shown: <c>text/html</c> that draws it
/// with plotly.js (carried by the first figure of the session, so no CDN is needed),
/// <c>application/vnd.plotly.v1+json</c> for front ends that draw Plotly themselves (VS Code), and
/// <c>text/plain</c> — the same outputs the series' engine writes.</para>
/// <para>.NET Interactive is reached by reflection, so the library needs none of its packages.</para>
/// </remarks>
public static class FigureDisplay
{
    private const string FormattingAssembly = "Microsoft.DotNet.Interactive.Formatting";
    private const string EngineAssembly = "ScoreNotebooks.Notebooks";
    private static readonly Lock Gate = new();
    private static bool enabled;
    private static bool plotlyJsShown;
    private static int shown;

    /// <summary>True when charts are shown by this class (.NET Interactive), false where the host shows them itself.</summary>
    public static bool RegistersCharts { get; private set; }

    /// <summary>Makes figures show inline in this host; safe to call more than once.</summary>
    /// <exception cref="InvalidOperationException">.NET Interactive's formatter lacks the registration methods
    /// this class uses (a version other than 1.0.712001); the message names the one missing.</exception>
    public static void Enable()
    {
        lock (Gate)
        {
            if (enabled) return;
            // Before any code that names an F# type is compiled.
            AnswerFSharpCoreRequests();
            var loaded = AppDomain.CurrentDomain.GetAssemblies();
            if (!loaded.Any(a => a.GetName().Name == EngineAssembly)
                && loaded.FirstOrDefault(a => a.GetName().Name == FormattingAssembly) is { } formatting)
            {
                RegisterCharts(formatting);
                RegistersCharts = true;
            }
            enabled = true;
        }
    }

    private static void AnswerFSharpCoreRequests()
    {
        var fsharp = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == "FSharp.Core");
        if (fsharp?.GetName().Version is not { } loaded) return;
        Assembly? Answer(AssemblyLoadContext context, AssemblyName name) =>
            name.Name == "FSharp.Core" && name.Version?.Major == loaded.Major ? fsharp : null;
        AssemblyLoadContext.Default.Resolving += Answer;
        var own = AssemblyLoadContext.GetLoadContext(typeof(FigureDisplay).Assembly);
        if (own is not null && own != AssemblyLoadContext.Default) own.Resolving += Answer;
    }

    // Not inlined into Enable: this method names Plotly.NET's types, so it must not be compiled before
    // the FSharp.Core answer is in place.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void RegisterCharts(Assembly formatting)
    {
        var formatter = formatting.GetType($"{FormattingAssembly}.Formatter")
            ?? throw new InvalidOperationException($"{FormattingAssembly} has no Formatter class; figures cannot be registered");
        var register = Method(formatter, "Register", typeof(Type), typeof(Action<object, TextWriter>), typeof(string));
        var preferred = Method(formatter, "SetPreferredMimeTypesFor", typeof(Type), typeof(string[]));
        var chartType = typeof(Plotly.NET.GenericChart);
        foreach (var (mime, write) in ChartFormatters())
            register.Invoke(null, [chartType, write, mime]);
        preferred.Invoke(null, [chartType, new[] { "text/html", PlotlyHtml.MimeType, "text/plain" }]);
    }

    private static IEnumerable<(string Mime, Action<object, TextWriter> Write)> ChartFormatters()
    {
        yield return ("text/html", (value, writer) => writer.Write(Html((Plotly.NET.GenericChart)value)));
        yield return (PlotlyHtml.MimeType, (value, writer) => writer.Write(PlotlyHtml.Json((Plotly.NET.GenericChart)value)));
        yield return ("text/plain", (value, writer) => writer.Write(PlotlyHtml.PlainText((Plotly.NET.GenericChart)value)));
    }

    private static string Html(Plotly.NET.GenericChart chart)
    {
        string json = PlotlyHtml.Json(chart);
        bool first;
        int number;
        lock (Gate)
        {
            first = !plotlyJsShown;
            plotlyJsShown = true;
            number = ++shown;
        }
        // .NET Interactive gives no cell numbers; a count keeps ids unique within the session's page.
        return PlotlyHtml.Fragment(json, PlotlyHtml.ElementId("figure", json, $"n{number}"), includePlotlyJs: first);
    }

    private static MethodInfo Method(Type type, string name, params Type[] parameters) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.Static, parameters)
        ?? throw new InvalidOperationException(
            $"{type.FullName}.{name}({string.Join(", ", parameters.Select(p => p.Name))}) was not found: this .NET Interactive " +
            "is not a version the series knows (1.0.712001), and figures cannot be registered with it");
}
