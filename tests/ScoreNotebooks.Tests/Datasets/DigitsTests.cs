using System.IO.Compression;
using System.Text;
using ScoreNotebooks.Datasets;

namespace ScoreNotebooks.Tests.Datasets;

/// <summary>
/// The digits file and its loader: the real file against the data set's published description (1 797 images, 64 pixels
/// in 0 … 16, the class counts scikit-learn documents, its first image), and malformed copies against clear errors.
/// </summary>
public class DigitsTests
{
    private static string DataFile() => DataFiles.File("digits.csv.gz");

    private static MemoryStream Gzip(string text)
    {
        var stream = new MemoryStream();
        using (var gzip = new GZipStream(stream, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        stream.Position = 0;
        return stream;
    }

    private static string Line(int label, int pixel = 3) => string.Join(',', Enumerable.Repeat(pixel, 64)) + "," + label;

    [Fact]
    public void Load_TheRealFile_Has1797ImagesWithTheDocumentedClassCounts()
    {
        var digits = Digits.Load(DataFile());

        Assert.Equal(1797, digits.Count);
        Assert.Equal((1797, 64), (digits.Pixels.RowCount, digits.Pixels.ColumnCount));
        // scikit-learn's documentation of load_digits: samples per class.
        Assert.Equal([178, 182, 177, 183, 181, 182, 181, 179, 174, 180], digits.ClassCounts());
        Assert.InRange(digits.Pixels.Enumerate().Min(), 0, 0);
        Assert.InRange(digits.Pixels.Enumerate().Max(), 16, 16);
        Assert.All(digits.Pixels.Enumerate(), v => Assert.Equal(Math.Round(v), v));
    }

    [Fact]
    public void Load_TheFirstImage_IsTheZeroEveryTutorialShows()
    {
        var digits = Digits.Load(DataFile());

        Assert.Equal(0, digits.Labels[0]);
        // Its top two rows, as printed in scikit-learn's documentation of digits.images[0].
        Assert.Equal([0.0, 0, 5, 13, 9, 1, 0, 0, 0, 0, 13, 15, 10, 15, 5, 0], digits.Pixels.Row(0).SubVector(0, 16).ToArray());
    }

    [Fact]
    public void Load_AFileWithAnotherChecksum_IsRefused_NamingBothHashes()
    {
        using var folder = new TempDirectory();
        string copy = Path.Combine(folder.Path, "digits.csv.gz");
        using (var stream = Gzip(Line(1) + "\n")) File.WriteAllBytes(copy, stream.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => Digits.Load(copy));

        Assert.Contains(Digits.Sha256, error.Message);
        Assert.Contains("not the digits file", error.Message);
    }

    [Fact]
    public void Load_AMissingFile_SaysWhereTheFileBelongs()
    {
        var error = Assert.Throws<FileNotFoundException>(() => Digits.Load("/nonexistent/digits.csv.gz"));

        Assert.Contains("data/digits.csv.gz", error.Message);
    }

    [Fact]
    public void Read_ParsesPixelsAndLabels_InOrder()
    {
        using var stream = Gzip(Line(7, pixel: 16) + "\n" + Line(2, pixel: 0) + "\n");

        var digits = Digits.Read(stream);

        Assert.Equal([7, 2], digits.Labels);
        Assert.All(digits.Pixels.Row(0), v => Assert.Equal(16, v));
        Assert.All(digits.Pixels.Row(1), v => Assert.Equal(0, v));
    }

    [Theory]
    [InlineData("1,2,3", "line 1 has 3 fields")]
    [InlineData("LINE1\nLINE1X", "line 2 has 66 fields")]
    [InlineData("BAD17", "line 1, field 1: the pixel '17'")]
    [InlineData("BADNEG", "line 1, field 1: the pixel '-1'")]
    [InlineData("BADLABEL", "line 1, field 65: the label '10'")]
    [InlineData("BADTEXT", "line 1, field 1: the pixel 'x'")]
    [InlineData("", "holds no image")]
    public void Read_MalformedContent_IsRefused_NamingLineAndField(string content, string expected)
    {
        string good = Line(1);
        string text = content switch
        {
            "LINE1\nLINE1X" => good + "\n" + good + ",0",
            "BAD17" => "17" + good[1..],
            "BADNEG" => "-1" + good[1..],
            "BADLABEL" => good[..^1] + "10",
            "BADTEXT" => "x" + good[1..],
            _ => content,
        };
        using var stream = Gzip(text);

        var error = Assert.Throws<InvalidDataException>(() => Digits.Read(stream));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void Read_AStreamThatIsNotGzip_IsRefused()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(Line(1)));

        var error = Assert.Throws<InvalidDataException>(() => Digits.Read(stream));

        Assert.Contains("not valid gzip", error.Message);
    }

    [Fact]
    public void Split_HoldsOutTheFractionOfEachClass_Disjointly_AndReproducibly()
    {
        var digits = Digits.Load(DataFile());

        var (training, heldOut) = Digits.Split(digits, new Random(8), 0.2);
        var (training2, heldOut2) = Digits.Split(digits, new Random(8), 0.2);

        Assert.Equal(digits.Count, training.Count + heldOut.Count);
        var counts = digits.ClassCounts();
        var heldOutCounts = heldOut.ClassCounts();
        for (int digit = 0; digit < 10; digit++)
            Assert.Equal((int)Math.Round(0.2 * counts[digit]), heldOutCounts[digit]);
        // Disjoint and together all images: the multiset of rows is preserved.
        var all = Enumerable.Range(0, digits.Count).Select(i => string.Join(',', digits.Pixels.Row(i)) + ":" + digits.Labels[i]).Order().ToList();
        var both = Enumerable.Range(0, training.Count).Select(i => string.Join(',', training.Pixels.Row(i)) + ":" + training.Labels[i])
            .Concat(Enumerable.Range(0, heldOut.Count).Select(i => string.Join(',', heldOut.Pixels.Row(i)) + ":" + heldOut.Labels[i]))
            .Order().ToList();
        Assert.Equal(all, both);
        Assert.Equal(heldOut.Labels, heldOut2.Labels);
        Assert.Equal(heldOut.Pixels, heldOut2.Pixels);
        Assert.Equal(training.Count, training2.Count);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    [InlineData(-0.1)]
    public void Split_RefusesAFractionOutsideZeroToOne(double fraction)
    {
        using var stream = Gzip(Line(1) + "\n" + Line(1) + "\n");
        var two = Digits.Read(stream);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Digits.Split(two, new Random(1), fraction));

        Assert.Equal("heldOutFraction", error.ParamName);
    }

    [Fact]
    public void Split_RefusesAClassWithOneImage()
    {
        using var stream = Gzip(Line(1) + "\n" + Line(2) + "\n" + Line(2) + "\n");
        var three = Digits.Read(stream);

        var error = Assert.Throws<ArgumentException>(() => Digits.Split(three, new Random(1), 0.5));

        Assert.Contains("digit 1 has one image", error.Message);
    }

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("digits-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
