using System.Text;

namespace ScoreNotebooks.Coursework.Grading;

/// <summary>The names students are filed under in a grading run's outputs.</summary>
/// <remarks>
/// A submission's name is its file name without the extension (<c>alice.ipynb</c> is <c>alice</c>); when the
/// file is named as the source notebook is (every student returned <c>01-kl-and-maximum-likelihood.ipynb</c>,
/// each in a folder of their own), it is the name of the folder that holds it (<c>alice/01-….ipynb</c> is
/// <c>alice</c>). Characters other than ASCII letters, digits, '.', '_' and '-' become '_', so the name is a
/// safe file name. Two submissions that get the same name are told apart, never refused: the second is
/// <c>NAME-2</c>, the third <c>NAME-3</c>, in the order given on the command line.
/// </remarks>
internal static class StudentNames
{
    /// <summary>The name of each submission, in order, each unique (compared ignoring case, as some file systems do).</summary>
    /// <param name="sourceFileName">The source notebook's file name.</param>
    /// <param name="submissions">The submissions' paths.</param>
    public static IReadOnlyList<string> Assign(string sourceFileName, IReadOnlyList<string> submissions)
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = new List<string>(submissions.Count);
        foreach (string path in submissions)
        {
            string name = Safe(Of(sourceFileName, path));
            string unique = name;
            for (int k = 2; !taken.Add(unique); k++) unique = $"{name}-{k}";
            names.Add(unique);
        }
        return names;
    }

    private static string Of(string sourceFileName, string path)
    {
        string file = Path.GetFileName(path);
        if (!string.Equals(file, sourceFileName, StringComparison.Ordinal)) return Path.GetFileNameWithoutExtension(file);
        string? folder = Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path)));
        return string.IsNullOrEmpty(folder) ? Path.GetFileNameWithoutExtension(file) : folder;
    }

    private static string Safe(string name)
    {
        var safe = new StringBuilder(name.Length);
        foreach (char c in name) safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        string text = safe.ToString().Trim('.');
        return text.Length == 0 ? "submission" : text;
    }
}
