using System.Text.Json.Nodes;

namespace ScoreNotebooks.Kernel.Tests.Jupyter;

/// <summary>
/// One run of Clients/kernel_scenarios.py: a kernel started by jupyter_client, a batch of scenarios against
/// it, then its shutdown. It runs the first time a test asks for its results, so the tests of a missing
/// Python stack are skipped without running it.
/// </summary>
public abstract class ScenarioBatch : IDisposable
{
    private readonly InstalledKernel kernel = new();
    private readonly Lazy<JsonObject> results;

    protected ScenarioBatch(string batch, string? kernelName = null)
    {
        results = new Lazy<JsonObject>(() =>
        {
            string work = kernel.NewFolder(batch);
            var extra = kernelName is null ? null : new Dictionary<string, string> { ["KERNEL_NAME"] = kernelName };
            var (code, output, errors) = kernel.RunPythonAsync(
                [Path.Combine(InstalledKernel.Clients, "kernel_scenarios.py"), batch, work], work, TimeSpan.FromMinutes(5), extra)
                .GetAwaiter().GetResult();
            Assert.True(code == 0, $"kernel_scenarios.py {batch} exited with {code}:\n{errors}\n{output}");
            return (JsonObject)JsonNode.Parse(output)!;
        });
    }

    /// <summary>The kernel's own log (its standard error) over the batch.</summary>
    public string Log => (string?)results.Value["log"] ?? "";

    /// <summary>The kernel's exit code after jupyter_client asked it to shut down: 0 when it ended by itself.</summary>
    public int ExitCode => (int)results.Value["exit_code"]!;

    /// <summary>What a scenario returned; a scenario that raised fails the test with its Python traceback.</summary>
    public JsonNode Scenario(string name)
    {
        var node = results.Value[name] ?? throw new InvalidOperationException($"the batch has no scenario '{name}'");
        if (node is JsonObject o && o["exception"] is { } exception) Assert.Fail($"scenario {name} raised:\n{exception}\nkernel log:\n{Log}");
        return node;
    }

    public void Dispose() => kernel.Dispose();
}

/// <summary>One kernel for every scenario that leaves it as it found it: requests, refused messages, interrupts.</summary>
public sealed class SessionBatch() : ScenarioBatch("session");

[CollectionDefinition(Name)]
public sealed class SessionCollection : ICollectionFixture<SessionBatch>
{
    public const string Name = "one kernel session";
}

/// <summary>Interrupts of a kernel whose kernelspec asks front ends for SIGINT.</summary>
public sealed class SignalInterruptBatch() : ScenarioBatch("interrupt", InstalledKernel.SignalKernel);

public sealed class RestartBatch() : ScenarioBatch("restart");

/// <summary>A kernel started in a folder of its own, which its scenario deletes.</summary>
public sealed class VanishedFolderBatch() : ScenarioBatch("vanished_folder");
