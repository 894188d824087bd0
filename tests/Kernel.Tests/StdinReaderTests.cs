namespace ScoreNotebooks.Kernel.Tests;

public class StdinReaderTests
{
    [Fact]
    public void EachLine_IsAskedOfTheFrontEnd_AndCharactersComeFromTheLineThenANewline()
    {
        var answers = new Queue<string>(["first", "second"]);
        int asked = 0;
        var reader = new StdinReader(_ => { asked++; return answers.Dequeue(); }, allowed: true);
        Assert.Equal('f', reader.Peek());
        Assert.Equal('f', reader.Read());
        Assert.Equal("irst", reader.ReadLine());
        Assert.Equal("second", reader.ReadLine());
        Assert.Equal(2, asked);
    }

    [Fact]
    public void ReadingWhenTheFrontEndTakesNoInput_FailsSayingSo()
    {
        var reader = new StdinReader(_ => throw new InvalidOperationException("never asked"), allowed: false);
        var error = Assert.Throws<InvalidOperationException>(() => reader.ReadLine());
        Assert.Contains("allow_stdin is false", error.Message);
    }
}
