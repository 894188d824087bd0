namespace ScoreNotebooks.Kernel;

/// <summary>
/// What <see cref="Console.In"/> reads while a cell runs: each line is asked of the front end
/// (an input_request on the stdin channel), so <c>Console.ReadLine()</c> shows an input box in the notebook.
/// </summary>
/// <param name="ask">Asks the front end for one line and waits for it.</param>
/// <param name="allowed">False when the request said the front end takes no input (nbconvert, for example).</param>
internal sealed class StdinReader(Func<string, string> ask, bool allowed) : TextReader
{
    private string line = "";
    private int offset;

    /// <inheritdoc/>
    public override string? ReadLine()
    {
        if (offset < line.Length)
        {
            string rest = line[offset..].TrimEnd('\n');
            (line, offset) = ("", 0);
            return rest;
        }
        return Ask();
    }

    /// <inheritdoc/>
    public override int Read()
    {
        int next = Peek();
        if (next >= 0) offset++;
        return next;
    }

    /// <inheritdoc/>
    public override int Peek()
    {
        if (offset >= line.Length) (line, offset) = (Ask() + "\n", 0);
        return line[offset];
    }

    private string Ask()
    {
        if (!allowed)
            throw new InvalidOperationException(
                "the cell reads from the console, but the front end that runs it does not accept input requests (allow_stdin is false)");
        // Text the cell wrote before asking (a prompt) reaches the front end first.
        Console.Out.Flush();
        return ask("");
    }
}
