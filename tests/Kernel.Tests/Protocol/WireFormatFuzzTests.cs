using System.Text.Json.Nodes;
using ScoreNotebooks.Kernel.Protocol;

namespace ScoreNotebooks.Kernel.Tests.Protocol;

/// <summary>
/// Decoding, on the messages of <see cref="MessageFuzzer"/> (a fixed seed: the same cases on every run), never throws;
/// only correctly signed messages decode; and what decodes can be read and answered without an exception.
/// </summary>
public class WireFormatFuzzTests
{
    private const ulong Seed = 0x5C0E_2026_0216;
    private const string Key = "fuzz-key-0123456789abcdef";

    [Fact]
    public void FuzzedFrames_DecodeOrAreRefusedWithoutThrowing_AndOnlyCorrectlySignedOnesDecode()
    {
        var messages = new MessageFuzzer(Key, "marker();").Draw(1000, Seed);
        for (int i = 0; i < messages.Length; i++)
        {
            var message = messages[i];
            // A signer of its own for each case, so that no case is refused as a replay of another.
            var wire = new WireFormat(new MessageSigner(Key));
            bool decoded;
            JupyterMessage? request;
            string problem;
            try
            {
                decoded = wire.TryDecode(message.Frames, out request, out problem);
                if (decoded) Answer(wire, request!);
            }
            catch (Exception error)
            {
                Assert.Fail($"case {i} of seed {Seed:x} threw: {message}\n{error}");
                throw;
            }
            Assert.True(!decoded || !message.MustBeRefused, $"case {i} of seed {Seed:x} decoded, but was not correctly signed: {message}");
            Assert.True(decoded || problem.Length > 0, $"case {i} of seed {Seed:x} was refused without a reason: {message}");
        }
    }

    /// <summary>
    /// What the kernel does with every message it handles: reads its type and id, answers it (with its header as the
    /// parent, and fields of its content, as comm_close copies comm_id, at their own depth), encodes the answer.
    /// </summary>
    private static void Answer(WireFormat wire, JupyterMessage request)
    {
        var content = (JsonObject)request.Content.DeepClone();
        content["status"] = "ok";
        content["problem"] = request.Problem;
        var reply = JupyterMessage.Create(request.Type.Replace("_request", "_reply", StringComparison.Ordinal) + request.Id, content, request, "s");
        wire.Encode(reply);
    }
}
