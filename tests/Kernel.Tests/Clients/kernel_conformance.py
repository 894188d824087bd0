"""The official Jupyter kernel conformance suite (jupyter_kernel_test) run against the ScoreNotebooks kernel.

Run with /usr/bin/python3 -m unittest -v kernel_conformance, with JUPYTER_PATH naming the folder the
kernelspec was installed in. Tests whose sample is left empty are skipped by the suite itself: they
cover features this kernel does not have (a pager payload, clear_output, stored history).
"""
import unittest

import jupyter_kernel_test


class ScoreNotebooksKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = ".net-csharp"
    language_name = "C#"
    file_extension = ".cs"

    code_hello_world = 'Console.WriteLine("hello, world");'
    code_stderr = 'Console.Error.WriteLine("to stderr");'
    code_generate_error = 'throw new InvalidOperationException("boom");'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": '"text"', "result": "text"},
        {"code": "new[] { 1, 2, 3 }", "result": "[1, 2, 3]"},
    ]
    code_display_data = [
        {"code": "display(42);", "mime": "text/plain"},
        {
            "code": '#r "nuget: Plotly.NET.CSharp, 0.14.0"\n'
            "display(Plotly.NET.CSharp.Chart.Point<double, double, string>(x: new[] { 1.0 }, y: new[] { 2.0 }));",
            "mime": "text/html",
        },
    ]
    completion_samples = [
        {"text": "Math.Sq", "matches": {"Sqrt"}},
        {"text": "Console.WriteL", "matches": {"WriteLine"}},
        {"text": "var rng = new Random(1); rng.NextDo", "matches": {"NextDouble"}},
    ]
    complete_code_samples = ["1 + 2", "var x = 1;", "for (int i = 0; i < 3; i++) { }", '#r "nuget: MathNet.Numerics, 5.0.0"']
    incomplete_code_samples = ["if (true) {", "Math.Max(1,", 'var s = "abc', "class A {\n    void M() {"]
    invalid_code_samples = ["var = ;", "x)", "}\nvar y = 2;"]
    code_inspect_sample = "Math.Sqrt"


if __name__ == "__main__":
    unittest.main()
