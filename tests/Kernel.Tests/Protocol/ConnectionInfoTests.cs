using ScoreNotebooks.Kernel.Protocol;

namespace ScoreNotebooks.Kernel.Tests.Protocol;

public class ConnectionInfoTests
{
    // The layout jupyter_client's write_connection_file produces.
    private const string File = """
        {
          "shell_port": 51001, "iopub_port": 51002, "stdin_port": 51003, "control_port": 51004, "hb_port": 51005,
          "ip": "127.0.0.1", "key": "a0436f6c-1916-498b-8eb9-e81ab9368e84", "transport": "tcp",
          "signature_scheme": "hmac-sha256", "kernel_name": ".net-csharp"
        }
        """;

    [Fact]
    public void ConnectionFile_GivesPortsKeyAndEndpoints()
    {
        var connection = ConnectionInfo.Parse(File, "kernel-1.json");
        Assert.Equal((51001, 51002, 51003, 51004, 51005),
            (connection.ShellPort, connection.IOPubPort, connection.StdinPort, connection.ControlPort, connection.HeartbeatPort));
        Assert.Equal("a0436f6c-1916-498b-8eb9-e81ab9368e84", connection.Key);
        Assert.Equal("tcp://127.0.0.1:51004", connection.Endpoint(connection.ControlPort));
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{\"shell_port\": 1, \"iopub_port\": 2, \"stdin_port\": 3, \"control_port\": 4}", "\"hb_port\" must be a port number")]
    [InlineData("{\"shell_port\": 70000, \"iopub_port\": 2, \"stdin_port\": 3, \"control_port\": 4, \"hb_port\": 5}", "\"shell_port\" must be a port number")]
    [InlineData("{\"transport\": \"ipc\", \"shell_port\": 1}", "transport 'ipc' is not supported")]
    [InlineData("{\"key\": \"k\", \"signature_scheme\": \"hmac-md5\", \"shell_port\": 1}", "signature scheme 'hmac-md5' is not supported")]
    [InlineData("{\"key\": 5}", "\"key\" must be a string")]
    public void BadConnectionFile_IsRefusedNamingTheProblem(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => ConnectionInfo.Parse(json, "kernel-1.json"));
        Assert.Contains("kernel-1.json", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void MissingFile_IsNamed()
    {
        var error = Assert.Throws<FileNotFoundException>(() => ConnectionInfo.Load("/nonexistent/kernel-9.json"));
        Assert.Contains("/nonexistent/kernel-9.json", error.Message);
    }
}
