using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using MathNet.Numerics.LinearAlgebra;

namespace ScoreNotebooks.Datasets;

/// <summary>
/// Handwritten digits as 8×8 images: n images, one per row of <see cref="Pixels"/> (64 values in 0 … 16, row by row from
/// the top-left corner), and the digit each shows.
/// </summary>
/// <param name="Pixels">An n×64 matrix of pixel values, integers from 0 to 16.</param>
/// <param name="Labels">The digit 0 … 9 of each row.</param>
public sealed record DigitImages(Matrix<double> Pixels, int[] Labels)
{
    /// <summary>The number of images.</summary>
    public int Count => Labels.Length;

    /// <summary>How many images show each digit, indexed by the digit.</summary>
    public int[] ClassCounts()
    {
        var counts = new int[Digits.ClassCount];
        foreach (int label in Labels) counts[label]++;
        return counts;
    }

    /// <summary>The images whose indices are given, in that order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An index is outside 0 … n − 1.</exception>
    public DigitImages Take(IReadOnlyList<int> indices)
    {
        Guard.NotNull(indices, nameof(indices));
        foreach (int i in indices)
        {
            if (i < 0 || i >= Count)
                throw new ArgumentOutOfRangeException(nameof(indices), i, $"an index must be in [0, {Count}).");
        }
        var pixels = Matrix<double>.Build.Dense(indices.Count, Digits.PixelCount, (r, j) => Pixels[indices[r], j]);
        return new DigitImages(pixels, indices.Select(i => Labels[i]).ToArray());
    }
}

/// <summary>
/// The UCI Optical Recognition of Handwritten Digits data (Alpaydin &amp; Kaynak 1998, CC BY 4.0), as the 1 797 images
/// of its test set that scikit-learn ships and Debian packages: <c>data/digits.csv.gz</c>, one image per line, 64 pixel
/// counts then the label. See data/README.md for its provenance.
/// </summary>
/// <remarks>
/// <see cref="Load"/> checks the file's SHA-256 against <see cref="Sha256"/> before reading it, so a figure or a number
/// in a notebook is never computed from a different or damaged copy; <see cref="Read"/> parses any stream in the same
/// format and says which line and column is wrong when one is.
/// </remarks>
public static class Digits
{
    /// <summary>The side of an image in pixels.</summary>
    public const int Side = 8;

    /// <summary>The pixels of an image, <see cref="Side"/>².</summary>
    public const int PixelCount = Side * Side;

    /// <summary>The largest pixel value: each pixel counts the ink in a 4×4 block of a 32×32 bitmap.</summary>
    public const int MaximumPixel = 16;

    /// <summary>The number of classes, the digits 0 … 9.</summary>
    public const int ClassCount = 10;

    /// <summary>The number of images in the file.</summary>
    public const int ImageCount = 1797;

    /// <summary>The SHA-256 of <c>data/digits.csv.gz</c>, lower-case hex.</summary>
    public const string Sha256 = "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a";

    /// <summary>Reads the digits from the gzip-compressed file at <paramref name="path"/> after checking its SHA-256.</summary>
    /// <param name="path">The file, usually <c>../data/digits.csv.gz</c> from a notebook.</param>
    /// <returns>All 1 797 images in file order.</returns>
    /// <exception cref="ArgumentNullException">path is null.</exception>
    /// <exception cref="FileNotFoundException">There is no file at path.</exception>
    /// <exception cref="InvalidDataException">The file's SHA-256 is not <see cref="Sha256"/>, or its content is malformed.</exception>
    public static DigitImages Load(string path)
    {
        Guard.NotNull(path, nameof(path));
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: the digits file is missing; it is data/digits.csv.gz in the repository.", path);
        byte[] bytes = File.ReadAllBytes(path);
        string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (actual != Sha256)
            throw new InvalidDataException(
                $"{path} has SHA-256 {actual}, not {Sha256}: it is not the digits file this library was tested with " +
                "(changed or damaged); restore data/digits.csv.gz from the repository.");
        using var stream = new MemoryStream(bytes);
        var images = Read(stream);
        if (images.Count != ImageCount)
            throw new InvalidDataException($"{path} holds {images.Count} images, expected {ImageCount}.");
        return images;
    }

    /// <summary>Parses gzip-compressed CSV: one image per line, <see cref="PixelCount"/> integers in 0 … 16 and a label in 0 … 9.</summary>
    /// <param name="gzipStream">The compressed content; read to its end, not closed.</param>
    /// <returns>The images in order.</returns>
    /// <exception cref="ArgumentNullException">gzipStream is null.</exception>
    /// <exception cref="InvalidDataException">The stream is not gzip, holds no image, or a line has the wrong number of fields or a
    /// value that is not an integer in range (the message names the line and the field).</exception>
    public static DigitImages Read(Stream gzipStream)
    {
        Guard.NotNull(gzipStream, nameof(gzipStream));
        var rows = new List<double[]>();
        var labels = new List<int>();
        try
        {
            using var gzip = new GZipStream(gzipStream, CompressionMode.Decompress, leaveOpen: true);
            using var reader = new StreamReader(gzip);
            int lineNumber = 0;
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (line.Length == 0) continue;
                var fields = line.Split(',');
                if (fields.Length != PixelCount + 1)
                    throw new InvalidDataException(
                        $"line {lineNumber} has {fields.Length} fields, expected {PixelCount + 1} (64 pixels and the label).");
                var pixels = new double[PixelCount];
                for (int j = 0; j < PixelCount; j++)
                    pixels[j] = Field(fields[j], lineNumber, j + 1, MaximumPixel, "pixel");
                labels.Add(Field(fields[PixelCount], lineNumber, PixelCount + 1, ClassCount - 1, "label"));
                rows.Add(pixels);
            }
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith("line ", StringComparison.Ordinal))
        {
            // Only the decompressor throws other messages.
            throw new InvalidDataException($"the digits stream is not valid gzip: {e.Message}", e);
        }
        if (rows.Count == 0)
            throw new InvalidDataException("the digits stream holds no image.");
        return new DigitImages(Matrix<double>.Build.DenseOfRowArrays(rows), labels.ToArray());
    }

    /// <summary>Splits the images into a training and a held-out part, class by class, at random.</summary>
    /// <param name="images">The images to split.</param>
    /// <param name="rng">The random source; the split is a deterministic function of its state.</param>
    /// <param name="heldOutFraction">The share of each class held out, in (0, 1), rounded to whole images; every class keeps
    /// at least one image on each side.</param>
    /// <returns>The two parts, each in the original order of the images.</returns>
    /// <exception cref="ArgumentNullException">images or rng is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">heldOutFraction ∉ (0, 1).</exception>
    /// <exception cref="ArgumentException">A class present has a single image, which cannot be on both sides.</exception>
    public static (DigitImages Training, DigitImages HeldOut) Split(DigitImages images, Random rng, double heldOutFraction)
    {
        Guard.NotNull(images, nameof(images));
        Guard.NotNull(rng, nameof(rng));
        Guard.Finite(heldOutFraction, nameof(heldOutFraction));
        if (!(heldOutFraction > 0 && heldOutFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(heldOutFraction), heldOutFraction, "heldOutFraction must be in (0, 1).");
        var heldOut = new HashSet<int>();
        for (int digit = 0; digit < ClassCount; digit++)
        {
            var members = Enumerable.Range(0, images.Count).Where(i => images.Labels[i] == digit).ToArray();
            if (members.Length == 0) continue;
            if (members.Length == 1)
                throw new ArgumentException($"digit {digit} has one image, which cannot be both trained on and held out.", nameof(images));
            int take = Math.Clamp((int)Math.Round(heldOutFraction * members.Length), 1, members.Length - 1);
            // Partial Fisher–Yates: the first `take` entries become a uniform random subset.
            for (int i = 0; i < take; i++)
            {
                int j = i + rng.Next(members.Length - i);
                (members[i], members[j]) = (members[j], members[i]);
                heldOut.Add(members[i]);
            }
        }
        var training = Enumerable.Range(0, images.Count).Where(i => !heldOut.Contains(i)).ToArray();
        return (images.Take(training), images.Take(heldOut.Order().ToArray()));
    }

    private static int Field(string text, int line, int column, int maximum, string what)
    {
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value > maximum)
            throw new InvalidDataException(
                $"line {line}, field {column}: the {what} '{text}' is not an integer from 0 to {maximum}.");
        return value;
    }
}
