using System.Text.Json.Nodes;
using ScoreNotebooks.Kernel.Protocol;
using ScoreNotebooks.Notebooks.Execution;

namespace ScoreNotebooks.Kernel;

internal sealed partial class KernelServer
{
    private readonly object inputGate = new();
    private TaskCompletionSource<string>? pendingInput;

    /// <summary>
    /// Runs a cell: execute_input, the outputs as they happen (stream, display_data, execute_result,
    /// error), then execute_reply. A silent request runs without broadcasting anything.
    /// </summary>
    /// <returns>When the cell failed and the request asks to stop on errors, the number of shell requests
    /// queued behind it, counted before its reply is sent (requests sent after the front end has seen
    /// the failure are not aborted); otherwise 0.</returns>
    private async Task<int> ExecuteAsync(JupyterMessage request)
    {
        if (Text(request, "code") is not { } code)
        {
            BadRequest(JupyterChannel.Shell, request, "the content has no string \"code\"");
            return 0;
        }
        bool silent = Flag(request, "silent", false);
        bool storeHistory = !silent && Flag(request, "store_history", true);
        int count = storeHistory ? ++executionCount : executionCount;
        if (!silent)
            Publish("execute_input", new JsonObject { ["code"] = code, ["execution_count"] = count }, request);
        using var cancellation = new CancellationTokenSource();
        lock (runningGate) running = cancellation;
        var previousInput = Console.In;
        Console.SetIn(new StdinReader(prompt => AskForInput(request, prompt, cancellation.Token), Flag(request, "allow_stdin", true)));
        CellResult result;
        try
        {
            // Cell numbers in messages and figure ids are the execution counts the front end shows.
            result = await engine.ExecuteAsync(code, storeHistory ? count : count + 1, defaultLanguage: null,
                onOutput: output =>
                {
                    if (!silent) PublishOutput(output, count, request);
                },
                cancellationToken: cancellation.Token).ConfigureAwait(false);
        }
        finally
        {
            lock (runningGate) running = null;
            Console.SetIn(previousInput);
        }
        if (result.Status == CellStatus.Failed && result.Error is { } error)
        {
            int queuedBehind = Flag(request, "stop_on_error", true) ? QueuedShellRequests : 0;
            Reply(JupyterChannel.Shell, request, "execute_reply",
                ErrorContent(error.ErrorName ?? "Error", error.ErrorValue ?? "", count, error.Traceback));
            return queuedBehind;
        }
        Reply(JupyterChannel.Shell, request, "execute_reply", new JsonObject
        {
            ["status"] = "ok",
            ["execution_count"] = count,
            ["payload"] = new JsonArray(),
            ["user_expressions"] = new JsonObject(),
        });
        return 0;
    }

    private void PublishOutput(CellOutput output, int count, JupyterMessage request)
    {
        switch (output.Kind)
        {
            case CellOutputKind.Stream:
                Publish("stream", new JsonObject { ["name"] = output.StreamName, ["text"] = output.Text }, request);
                break;
            case CellOutputKind.DisplayData:
                Publish("display_data", new JsonObject
                {
                    ["data"] = MimeBundle(output), ["metadata"] = new JsonObject(), ["transient"] = new JsonObject(),
                }, request);
                break;
            case CellOutputKind.ExecuteResult:
                Publish("execute_result", new JsonObject
                {
                    ["execution_count"] = count, ["data"] = MimeBundle(output), ["metadata"] = new JsonObject(),
                }, request);
                break;
            default:
                Publish("error", new JsonObject
                {
                    ["ename"] = output.ErrorName,
                    ["evalue"] = output.ErrorValue,
                    ["traceback"] = new JsonArray(output.Traceback.Select(t => (JsonNode?)t).ToArray()),
                }, request);
                break;
        }
    }

    private static JsonObject MimeBundle(CellOutput output) => output.ToMimeBundle(textAsLines: false);

    /// <summary>
    /// Sends input_request on the stdin channel to the client that sent <paramref name="request"/> and
    /// waits for its input_reply; runs on the cell's thread, inside Console.ReadLine.
    /// </summary>
    private string AskForInput(JupyterMessage request, string prompt, CancellationToken cancellationToken)
    {
        var reply = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (inputGate) pendingInput = reply;
        try
        {
            sockets.Send(JupyterChannel.Stdin, JupyterMessage.Create("input_request",
                new JsonObject { ["prompt"] = prompt, ["password"] = false }, request, session));
            return reply.Task.WaitAsync(cancellationToken).GetAwaiter().GetResult();
        }
        finally
        {
            lock (inputGate) pendingInput = null;
        }
    }

    /// <summary>Hands an input_reply to the cell waiting for it.</summary>
    private void ReceiveInput(JupyterMessage message)
    {
        if (RefusedAsUnreadable(JupyterChannel.Stdin, message)) return;
        if (message.Type != "input_reply")
        {
            Unsupported(JupyterChannel.Stdin, message);
            return;
        }
        TaskCompletionSource<string>? waiting;
        lock (inputGate) waiting = pendingInput;
        if (waiting is null)
        {
            log.Warn("stdin channel: an input_reply arrived while no cell was waiting for input; it was dropped");
            return;
        }
        waiting.TrySetResult(Text(message, "value") ?? "");
    }
}
